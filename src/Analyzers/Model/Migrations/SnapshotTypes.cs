using System;
using System.Collections.Immutable;
using DriftAnalyzers.TypeMapping;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DriftAnalyzers.Model.Migrations
{
    /// <summary>
    /// The T of a model snapshot's <c>Property&lt;T&gt;("Name")</c> as a <see cref="TypeRef"/>: the CLR type EF Core stores
    /// (the provider type when a value converter is configured). Written by EF Core with the framework's keywords and short
    /// names (<c>int</c>, <c>DateTimeOffset?</c>, <c>byte[]</c>, <c>List&lt;string&gt;</c>), or the project's own enum
    /// (<c>Mood</c>, resolved through the file's namespaces).
    /// </summary>
    internal static class SnapshotTypes
    {
        public static TypeRef Parse(string? syntax, ImmutableArray<string> namespaces, Func<string, TypeFacts?> types)
        {
            if (syntax == null)
            {
                return new TypeRef { Name = "?", Display = "?", FullDisplay = "?" };
            }

            return Read(SyntaxFactory.ParseTypeName(syntax), namespaces, types, depth: 0);
        }

        private static TypeRef Read(TypeSyntax syntax, ImmutableArray<string> namespaces, Func<string, TypeFacts?> types, int depth)
        {
            string text = syntax.ToString();
            var result = new TypeRef { Name = text, Display = text, FullDisplay = text };
            switch (syntax)
            {
                case NullableTypeSyntax nullable:
                    var underlying = Read(nullable.ElementType, namespaces, types, depth + 1);
                    if (!underlying.IsValueType)
                    {
                        // string? in a snapshot written with nullable annotations: the same reference type.
                        return underlying;
                    }

                    result.NullableOf = underlying;
                    result.IsValueType = true;
                    result.Clr = underlying.Clr.IsKnown ? new ClrType(underlying.Clr.Kind, true, underlying.Clr.ArrayRank, underlying.Clr.EnumUnderlying) : default;
                    return result;
                case PredefinedTypeSyntax predefined:
                    (result.Clr, result.IsValueType, result.SpecialType) = Predefined(predefined.Keyword.Kind());
                    return result;
                case ArrayTypeSyntax array when array.RankSpecifiers.Count == 1 && array.RankSpecifiers[0].Rank == 1:
                    var element = Read(array.ElementType, namespaces, types, depth + 1);
                    result.IsArray = true;
                    result.ArrayRank = 1;
                    result.TypeArguments = ImmutableArray.Create(element);
                    result.Clr = element.SpecialType == SpecialType.System_Byte ? new ClrType(ClrKind.ByteArray, false, 0)
                        : depth == 0 ? ClrType.Element(element.Clr) : default;
                    return result;
                case GenericNameSyntax generic when generic.TypeArgumentList.Arguments.Count == 1:
                    var argument = Read(generic.TypeArgumentList.Arguments[0], namespaces, types, depth + 1);
                    result.TypeArguments = ImmutableArray.Create(argument);
                    string name = generic.Identifier.ValueText;
                    if (name == "Nullable" && argument.IsValueType)
                    {
                        result.NullableOf = argument;
                        result.IsValueType = true;
                        result.Clr = argument.Clr.IsKnown ? new ClrType(argument.Clr.Kind, true, argument.Clr.ArrayRank, argument.Clr.EnumUnderlying) : default;
                    }
                    else if (name is "List" or "IList")
                    {
                        result.IsList = true;
                        result.IsEnumerable = true;
                        result.Clr = depth == 0 ? ClrType.Element(argument.Clr) : default;
                    }

                    return result;
                case QualifiedNameSyntax qualified:
                    return Named(qualified.ToString().Replace("global::", string.Empty), qualified.Right.Identifier.ValueText, result, namespaces, types);
                case AliasQualifiedNameSyntax alias:
                    return Named(alias.Name.ToString(), alias.Name.Identifier.ValueText, result, namespaces, types);
                case IdentifierNameSyntax identifier:
                    return Named(identifier.Identifier.ValueText, identifier.Identifier.ValueText, result, namespaces, types);
                default:
                    return result;
            }
        }

        private static (ClrType Clr, bool IsValueType, SpecialType SpecialType) Predefined(SyntaxKind keyword) => keyword switch
        {
            SyntaxKind.BoolKeyword => (new ClrType(ClrKind.Boolean, false, 0), true, SpecialType.System_Boolean),
            SyntaxKind.ShortKeyword => (new ClrType(ClrKind.Int16, false, 0), true, SpecialType.System_Int16),
            SyntaxKind.IntKeyword => (new ClrType(ClrKind.Int32, false, 0), true, SpecialType.System_Int32),
            SyntaxKind.LongKeyword => (new ClrType(ClrKind.Int64, false, 0), true, SpecialType.System_Int64),
            SyntaxKind.FloatKeyword => (new ClrType(ClrKind.Single, false, 0), true, SpecialType.System_Single),
            SyntaxKind.DoubleKeyword => (new ClrType(ClrKind.Double, false, 0), true, SpecialType.System_Double),
            SyntaxKind.DecimalKeyword => (new ClrType(ClrKind.Decimal, false, 0), true, SpecialType.System_Decimal),
            SyntaxKind.StringKeyword => (new ClrType(ClrKind.String, false, 0), false, SpecialType.System_String),
            SyntaxKind.ByteKeyword => (default, true, SpecialType.System_Byte),
            SyntaxKind.SByteKeyword => (default, true, SpecialType.System_SByte),
            SyntaxKind.CharKeyword => (default, true, SpecialType.System_Char),
            SyntaxKind.UShortKeyword => (default, true, SpecialType.System_UInt16),
            SyntaxKind.UIntKeyword => (default, true, SpecialType.System_UInt32),
            SyntaxKind.ULongKeyword => (default, true, SpecialType.System_UInt64),
            _ => (default, false, SpecialType.None),
        };

        /// <summary>A named type: one of the framework's value types EF Core writes by short name, else the project's own (an enum, a struct).</summary>
        private static TypeRef Named(string fullName, string simpleName, TypeRef result, ImmutableArray<string> namespaces, Func<string, TypeFacts?> types)
        {
            var known = (fullName.StartsWith("System.", StringComparison.Ordinal) ? fullName.Substring(7) : fullName) switch
            {
                "Guid" => new ClrType(ClrKind.Guid, false, 0),
                "DateTime" => new ClrType(ClrKind.DateTime, false, 0),
                "DateTimeOffset" => new ClrType(ClrKind.DateTimeOffset, false, 0),
                "DateOnly" => new ClrType(ClrKind.DateOnly, false, 0),
                "TimeOnly" => new ClrType(ClrKind.TimeOnly, false, 0),
                "TimeSpan" => new ClrType(ClrKind.TimeSpan, false, 0),
                _ => default,
            };
            if (known.IsKnown)
            {
                result.IsValueType = true;
                result.IsFramework = true;
                result.Clr = known;
                return result;
            }

            if (fullName == "JsonDocument" || fullName == "System.Text.Json.JsonDocument")
            {
                result.IsFramework = true;
                result.Clr = new ClrType(ClrKind.JsonDocument, false, 0);
                return result;
            }

            if (Resolve(fullName, namespaces, types) is { } type)
            {
                result.Key = type.Key;
                result.Name = simpleName;
                result.IsSource = true;
                result.IsValueType = type.Kind is TypeKind.Struct or TypeKind.Enum;
                result.Kind = type.Kind;
                if (type.Kind == TypeKind.Enum)
                {
                    result.Clr = new ClrType(ClrKind.Enum, false, 0, ClrType.OfSpecial(type.EnumUnderlying));
                }
            }

            return result;
        }

        /// <summary>The type a name in the snapshot's file means: as written, or in one of the file's namespaces.</summary>
        public static TypeFacts? Resolve(string name, ImmutableArray<string> namespaces, Func<string, TypeFacts?> types)
        {
            if (types("global::" + name) is { } exact)
            {
                return exact;
            }

            foreach (var ns in namespaces)
            {
                if (types("global::" + ns + "." + name) is { } found)
                {
                    return found;
                }
            }

            return null;
        }
    }
}
