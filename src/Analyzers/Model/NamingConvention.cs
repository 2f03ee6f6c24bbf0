using System;
using System.Globalization;
using System.Text;

namespace DriftAnalyzers.Model
{
    /// <summary>
    /// The name rewriting of EFCore.NamingConventions (UseSnakeCaseNamingConvention and its siblings), applied to names
    /// that come from conventions (DbSet and class names, property names), never to names given by [Table] or [Column].
    /// </summary>
    internal enum NamingConvention
    {
        None,
        SnakeCase,
        LowerCase,
        UpperCase,
        UpperSnakeCase,
        CamelCase,
    }

    internal static class NamingConventions
    {
        /// <summary>Parses the option value (<c>snake_case</c>, ...); null when the value is not one we know.</summary>
        public static NamingConvention? Parse(string value) => value.Trim().ToLowerInvariant() switch
        {
            "none" or "" => NamingConvention.None,
            "snake_case" => NamingConvention.SnakeCase,
            "lower_case" or "lowercase" => NamingConvention.LowerCase,
            "upper_case" or "uppercase" => NamingConvention.UpperCase,
            "upper_snake_case" => NamingConvention.UpperSnakeCase,
            "camel_case" or "camelcase" => NamingConvention.CamelCase,
            _ => null,
        };

        /// <summary>The convention a <c>Use...NamingConvention()</c> method selects, from its name.</summary>
        public static NamingConvention? FromMethodName(string name) => name switch
        {
            "UseSnakeCaseNamingConvention" => NamingConvention.SnakeCase,
            "UseLowerCaseNamingConvention" => NamingConvention.LowerCase,
            "UseUpperCaseNamingConvention" => NamingConvention.UpperCase,
            "UseUpperSnakeCaseNamingConvention" => NamingConvention.UpperSnakeCase,
            "UseCamelCaseNamingConvention" => NamingConvention.CamelCase,
            _ => null,
        };

        public static string Rewrite(this NamingConvention convention, string name) => convention switch
        {
            NamingConvention.SnakeCase => SnakeCase(name),
            NamingConvention.LowerCase => name.ToLowerInvariant(),
            NamingConvention.UpperCase => name.ToUpperInvariant(),
            NamingConvention.UpperSnakeCase => SnakeCase(name).ToUpperInvariant(),
            NamingConvention.CamelCase => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name.Substring(1),
            _ => name,
        };

        /// <summary>EFCore.NamingConventions' snake case: <c>UserId</c> → <c>user_id</c>, <c>HTMLPage</c> → <c>html_page</c>.</summary>
        private static string SnakeCase(string name)
        {
            var builder = new StringBuilder(name.Length + Math.Min(2, name.Length / 5));
            UnicodeCategory? previous = null;
            for (int i = 0; i < name.Length; i++)
            {
                char c = name[i];
                if (c == '_')
                {
                    builder.Append('_');
                    previous = null;
                    continue;
                }

                var category = char.GetUnicodeCategory(c);
                switch (category)
                {
                    case UnicodeCategory.UppercaseLetter:
                    case UnicodeCategory.TitlecaseLetter:
                        if (previous == UnicodeCategory.SpaceSeparator
                            || previous == UnicodeCategory.LowercaseLetter
                            || (previous != UnicodeCategory.DecimalDigitNumber && previous != null && i > 0 && i + 1 < name.Length && char.IsLower(name[i + 1])))
                        {
                            builder.Append('_');
                        }

                        c = char.ToLowerInvariant(c);
                        break;
                    case UnicodeCategory.LowercaseLetter:
                    case UnicodeCategory.DecimalDigitNumber:
                        if (previous == UnicodeCategory.SpaceSeparator)
                        {
                            builder.Append('_');
                        }

                        break;
                    default:
                        if (previous != null)
                        {
                            previous = UnicodeCategory.SpaceSeparator;
                        }

                        continue;
                }

                builder.Append(c);
                previous = category;
            }

            return builder.ToString();
        }
    }
}
