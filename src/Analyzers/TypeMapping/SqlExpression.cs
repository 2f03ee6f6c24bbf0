using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace DriftAnalyzers.TypeMapping
{
    /// <summary>
    /// Compares a SQL expression the model states (a default, a check constraint, a computed column, an index filter) with
    /// PostgreSQL's rendering of it (<c>pg_get_expr</c>, <c>pg_get_constraintdef</c>). PostgreSQL keeps the tokens of a simple
    /// expression and only adds parentheses and casts (<c>'a'::text</c>, <c>(0)::numeric</c>), folds unquoted names to lower
    /// case, renders <c>!=</c> as <c>&lt;&gt;</c> and a negative number as <c>'-1'::integer</c>. So both sides are reduced
    /// to tokens without parentheses, casts or case, and compared; an expression with anything else (a function other
    /// than <c>now()</c>, <c>IN</c>, <c>LIKE</c>, <c>BETWEEN</c>, <c>CASE</c>, ...) is one PostgreSQL may rewrite: then
    /// nothing is known, and the rules stay silent.
    /// </summary>
    internal static class SqlExpression
    {
        private static readonly HashSet<string> Keywords = new HashSet<string>(StringComparer.Ordinal)
        {
            "and", "or", "not", "is", "null", "true", "false",
        };

        private static readonly HashSet<string> Operators = new HashSet<string>(StringComparer.Ordinal)
        {
            "=", "<>", "<", ">", "<=", ">=", "+", "-", "*", "/", "%", "||",
        };

        /// <summary>Words that continue a type name after its first word (<c>character varying</c>, <c>timestamp with time zone</c>).</summary>
        private static readonly HashSet<string> TypeWords = new HashSet<string>(StringComparer.Ordinal)
        {
            "varying", "with", "without", "time", "zone", "precision",
        };

        private static readonly HashSet<string> TextTypes = new HashSet<string>(StringComparer.Ordinal)
        {
            "text", "character", "varchar", "bpchar", "name", "char",
        };

        private static readonly HashSet<string> NumericTypes = new HashSet<string>(StringComparer.Ordinal)
        {
            "integer", "int", "int4", "bigint", "int8", "smallint", "int2", "numeric", "decimal", "real", "float4", "double", "float8",
        };

        /// <summary>
        /// The expression's tokens as compared (names as <c>"name"</c>, strings as <c>'text'</c>, numbers canonical), or null
        /// when it holds something PostgreSQL may render otherwise.
        /// </summary>
        public static string? Normalize(string? sql)
        {
            if (sql == null)
            {
                return null;
            }

            var tokens = Tokens(sql, strict: true);
            if (tokens == null)
            {
                return null;
            }

            return string.Join(" ", tokens);
        }

        /// <summary>Whether both normalise and differ: the one case where the two expressions are known to differ.</summary>
        public static bool KnownToDiffer(string model, string database)
            => Normalize(model) is { } left && Normalize(database) is { } right ? left != right : false;

        /// <summary>
        /// A literal default as PostgreSQL renders it (<c>'a'::text</c>, <c>0</c>, <c>'-1'::integer</c>, <c>true</c>): its value,
        /// else null. <paramref name="anyType"/>: also a string cast to another type (<c>'-infinity'::timestamp with time zone</c>),
        /// whose text PostgreSQL may have reformatted.
        /// </summary>
        public static object? Literal(string? sql, bool anyType = false)
        {
            var tokens = sql == null ? null : Tokens(sql, strict: !anyType);
            if (tokens == null || tokens.Count != 1)
            {
                return null;
            }

            string token = tokens[0];
            if (token.Length >= 2 && token[0] == '\'')
            {
                return token.Substring(1, token.Length - 2);
            }

            if (token == "true" || token == "false")
            {
                return token == "true";
            }

            return decimal.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : null;
        }

        /// <summary>A default of the zero value of its type, as EF Core's AddColumn writes it for a NOT NULL column added to a table with rows.</summary>
        public static bool IsZeroDefault(string sql)
        {
            switch (Literal(sql, anyType: true))
            {
                case decimal number:
                    return number == 0m;
                case bool flag:
                    return !flag;
                case string text:
                    return text.Length == 0 || text == "-infinity" || text == "{}" || text == "00000000-0000-0000-0000-000000000000"
                        || text.StartsWith("0001-01-01", StringComparison.Ordinal) || text == "00:00:00" || text == "0001-01-01" || text == "1970-01-01 00:00:00";
                default:
                    return false;
            }
        }

        /// <summary>Whether a literal of the model (HasDefaultValue's argument) is the value of a default PostgreSQL renders; null when not known.</summary>
        public static bool? SameValue(object model, string database)
        {
            var value = Literal(database);
            if (value == null)
            {
                return null;
            }

            switch (model)
            {
                case string text:
                    return value is string s ? s == text : null;
                case char c:
                    return value is string s1 ? s1 == c.ToString() : null;
                case bool flag:
                    return value is bool b ? b == flag : null;
                case int or long or short or byte or sbyte or uint or ulong or ushort or decimal:
                    return value is decimal d ? d == Convert.ToDecimal(model, CultureInfo.InvariantCulture) : null;
                default:
                    // double and float: not compared (binary fractions print in several ways).
                    return null;
            }
        }

        /// <param name="strict">A string cast to a type other than text or a number is unknown: PostgreSQL rewrites its text (<c>'2020-01-01'</c> to <c>'2020-01-01 00:00:00'::timestamp</c>).</param>
        private static List<string>? Tokens(string sql, bool strict)
        {
            var tokens = new List<string>();
            int i = 0;
            string text = sql.Trim();
            if (text.StartsWith("CHECK ", StringComparison.OrdinalIgnoreCase))
            {
                text = text.Substring(6);
                if (text.EndsWith(" NOT VALID", StringComparison.OrdinalIgnoreCase))
                {
                    text = text.Substring(0, text.Length - 10);
                }
            }

            while (i < text.Length)
            {
                char c = text[i];
                if (char.IsWhiteSpace(c) || c == '(' || c == ')')
                {
                    i++;
                    continue;
                }

                if (c == ':' && i + 1 < text.Length && text[i + 1] == ':')
                {
                    i = SkipCast(text, i + 2, tokens, strict);
                    if (i < 0)
                    {
                        return null;
                    }

                    continue;
                }

                if (c == '\'')
                {
                    var value = new StringBuilder();
                    i++;
                    while (true)
                    {
                        if (i >= text.Length)
                        {
                            return null;
                        }

                        if (text[i] == '\'')
                        {
                            if (i + 1 < text.Length && text[i + 1] == '\'')
                            {
                                value.Append('\'');
                                i += 2;
                                continue;
                            }

                            i++;
                            break;
                        }

                        value.Append(text[i++]);
                    }

                    tokens.Add("'" + value + "'");
                    continue;
                }

                if (c == '"')
                {
                    int end = text.IndexOf('"', i + 1);
                    if (end < 0)
                    {
                        return null;
                    }

                    tokens.Add(text.Substring(i, end - i + 1));
                    i = end + 1;
                    continue;
                }

                if (char.IsDigit(c))
                {
                    int start = i;
                    while (i < text.Length && (char.IsDigit(text[i]) || text[i] == '.'))
                    {
                        i++;
                    }

                    if (!decimal.TryParse(text.Substring(start, i - start), NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                    {
                        return null;
                    }

                    string canonical = number.ToString("G29", CultureInfo.InvariantCulture);

                    // A unary minus (after an operator or at the start) belongs to the number: PostgreSQL prints '-1'::integer.
                    if (tokens.Count > 0 && tokens[tokens.Count - 1] == "-" && (tokens.Count == 1 || Operators.Contains(tokens[tokens.Count - 2]) || Keywords.Contains(tokens[tokens.Count - 2])))
                    {
                        tokens[tokens.Count - 1] = "-" + canonical;
                    }
                    else
                    {
                        tokens.Add(canonical);
                    }

                    continue;
                }

                if (char.IsLetter(c) || c == '_')
                {
                    int start = i;
                    while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_' || text[i] == '$'))
                    {
                        i++;
                    }

                    string word = text.Substring(start, i - start).ToLowerInvariant();
                    int next = i;
                    while (next < text.Length && char.IsWhiteSpace(text[next]))
                    {
                        next++;
                    }

                    bool call = next < text.Length && text[next] == '(' && !Keywords.Contains(word);
                    if (call)
                    {
                        // Only now(), whose spellings PostgreSQL keeps apart but which mean one thing.
                        int close = next + 1;
                        while (close < text.Length && char.IsWhiteSpace(text[close]))
                        {
                            close++;
                        }

                        if ((word != "now" && word != "transaction_timestamp") || close >= text.Length || text[close] != ')')
                        {
                            return null;
                        }

                        tokens.Add("now()");
                        i = close + 1;
                        continue;
                    }

                    if (word == "current_timestamp")
                    {
                        tokens.Add("now()");
                    }
                    else if (Keywords.Contains(word))
                    {
                        tokens.Add(word);
                    }
                    else if (word == "in" || word == "like" || word == "ilike" || word == "between" || word == "case" || word == "any" || word == "all" || word == "array" || word == "similar" || word == "distinct" || word == "collate")
                    {
                        return null;
                    }
                    else
                    {
                        tokens.Add("\"" + word + "\"");
                    }

                    continue;
                }

                // Operators: the longest of two characters first.
                string two = i + 1 < text.Length ? text.Substring(i, 2) : string.Empty;
                if (two == "!=")
                {
                    tokens.Add("<>");
                    i += 2;
                    continue;
                }

                if (Operators.Contains(two))
                {
                    tokens.Add(two);
                    i += 2;
                    continue;
                }

                if (Operators.Contains(c.ToString()))
                {
                    tokens.Add(c.ToString());
                    i++;
                    continue;
                }

                if (c == ',')
                {
                    tokens.Add(",");
                    i++;
                    continue;
                }

                return null;
            }

            return tokens.Count == 0 ? null : tokens;
        }

        /// <summary>
        /// Skips a cast's type (<c>text</c>, <c>character varying(20)</c>, <c>timestamp with time zone</c>, <c>public.mood[]</c>);
        /// a string cast to a numeric type becomes the number it holds. Returns the index after it, or -1.
        /// </summary>
        private static int SkipCast(string text, int i, List<string> tokens, bool strict)
        {
            int start0 = i;
            string? first = null;
            while (true)
            {
                while (i < text.Length && text[i] == ' ')
                {
                    i++;
                }

                int start = i;
                if (i < text.Length && text[i] == '"')
                {
                    int end = text.IndexOf('"', i + 1);
                    if (end < 0)
                    {
                        return -1;
                    }

                    i = end + 1;
                }
                else
                {
                    while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_'))
                    {
                        i++;
                    }
                }

                if (i == start)
                {
                    return first == null ? -1 : start;
                }

                string word = text.Substring(start, i - start).ToLowerInvariant();
                if (first != null && !TypeWords.Contains(word))
                {
                    i = start;
                    break;
                }

                first ??= word;
                if (i < text.Length && text[i] == '.')
                {
                    i++;
                    first = null;
                    continue;
                }

                int look = i;
                while (look < text.Length && text[look] == ' ')
                {
                    look++;
                }

                if (look < text.Length && char.IsLetter(text[look]))
                {
                    int wordEnd = look;
                    while (wordEnd < text.Length && char.IsLetter(text[wordEnd]))
                    {
                        wordEnd++;
                    }

                    if (TypeWords.Contains(text.Substring(look, wordEnd - look).ToLowerInvariant()))
                    {
                        i = look;
                        continue;
                    }
                }

                break;
            }

            // A type modifier, then array brackets.
            if (i < text.Length && text[i] == '(')
            {
                int close = text.IndexOf(')', i);
                if (close < 0)
                {
                    return -1;
                }

                for (int k = i + 1; k < close; k++)
                {
                    if (!char.IsDigit(text[k]) && text[k] != ',' && text[k] != ' ')
                    {
                        return -1;
                    }
                }

                i = close + 1;
            }

            bool array = false;
            while (i + 1 < text.Length && text[i] == '[' && text[i + 1] == ']')
            {
                i += 2;
                array = true;
            }

            bool afterString = tokens.Count > 0 && tokens[tokens.Count - 1] is { Length: >= 2 } last && last[0] == '\'' && start0 >= 3 && text[start0 - 3] == '\'';
            if (afterString)
            {
                string literal = tokens[tokens.Count - 1];
                if (first != null && NumericTypes.Contains(first)
                    && decimal.TryParse(literal.Substring(1, literal.Length - 2), NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                {
                    tokens[tokens.Count - 1] = number.ToString("G29", CultureInfo.InvariantCulture);
                }
                else if (strict && !(first != null && TextTypes.Contains(first) && !array))
                {
                    return -1;
                }
            }

            return i;
        }
    }
}
