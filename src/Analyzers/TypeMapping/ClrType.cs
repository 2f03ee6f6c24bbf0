using Microsoft.CodeAnalysis;

namespace DriftAnalyzers.TypeMapping
{
    /// <summary>The CLR types whose PostgreSQL mapping the analyzers know (Npgsql's documented mapping).</summary>
    internal enum ClrKind
    {
        Unknown,
        Boolean,
        Int16,
        Int32,
        Int64,
        Single,
        Double,
        Decimal,
        String,
        Guid,
        DateTime,
        DateTimeOffset,
        DateOnly,
        TimeOnly,
        TimeSpan,
        ByteArray,
        JsonDocument,
        Enum,
    }

    /// <summary>A property's CLR type, understood: its kind, whether it is <c>T?</c>, and its collection rank.</summary>
    internal readonly struct ClrType
    {
        public ClrType(ClrKind kind, bool isNullableValueType, int arrayRank, ClrKind enumUnderlying = ClrKind.Unknown)
        {
            Kind = kind;
            IsNullableValueType = isNullableValueType;
            ArrayRank = arrayRank;
            EnumUnderlying = enumUnderlying;
        }

        public ClrKind Kind { get; }

        public bool IsNullableValueType { get; }

        /// <summary>1 for <c>T[]</c> or <c>List&lt;T&gt;</c> of a scalar (byte[] is a scalar: bytea).</summary>
        public int ArrayRank { get; }

        /// <summary>For an enum: the kind of its underlying integer type.</summary>
        public ClrKind EnumUnderlying { get; }

        public bool IsKnown => Kind != ClrKind.Unknown;

        public static ClrType Classify(ITypeSymbol type) => Classify(type, depth: 0);

        private static ClrType Classify(ITypeSymbol type, int depth)
        {
            bool nullable = false;
            if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullableType)
            {
                nullable = true;
                type = nullableType.TypeArguments[0];
            }

            switch (type.SpecialType)
            {
                case SpecialType.System_Boolean: return new ClrType(ClrKind.Boolean, nullable, 0);
                case SpecialType.System_Int16: return new ClrType(ClrKind.Int16, nullable, 0);
                case SpecialType.System_Int32: return new ClrType(ClrKind.Int32, nullable, 0);
                case SpecialType.System_Int64: return new ClrType(ClrKind.Int64, nullable, 0);
                case SpecialType.System_Single: return new ClrType(ClrKind.Single, nullable, 0);
                case SpecialType.System_Double: return new ClrType(ClrKind.Double, nullable, 0);
                case SpecialType.System_Decimal: return new ClrType(ClrKind.Decimal, nullable, 0);
                case SpecialType.System_String: return new ClrType(ClrKind.String, false, 0);
                case SpecialType.System_DateTime: return new ClrType(ClrKind.DateTime, nullable, 0);
            }

            if (type is IArrayTypeSymbol array && array.Rank == 1)
            {
                if (array.ElementType.SpecialType == SpecialType.System_Byte)
                {
                    return new ClrType(ClrKind.ByteArray, false, 0);
                }

                return depth == 0 ? Element(Classify(array.ElementType, depth + 1)) : default;
            }

            if (type is INamedTypeSymbol named)
            {
                if (named.TypeKind == TypeKind.Enum && named.EnumUnderlyingType != null)
                {
                    var underlying = Classify(named.EnumUnderlyingType, depth + 1).Kind;
                    return new ClrType(ClrKind.Enum, nullable, 0, underlying);
                }

                if (named.IsGenericType && named.TypeArguments.Length == 1 && depth == 0 && IsList(named.OriginalDefinition))
                {
                    return Element(Classify(named.TypeArguments[0], depth + 1));
                }

                if (Model.Namespaces.IsWithin(named.ContainingNamespace, "System") && named.ContainingType == null)
                {
                    switch (named.MetadataName)
                    {
                        case "Guid" when named.ContainingNamespace.ContainingNamespace.IsGlobalNamespace: return new ClrType(ClrKind.Guid, nullable, 0);
                        case "DateTimeOffset" when named.ContainingNamespace.ContainingNamespace.IsGlobalNamespace: return new ClrType(ClrKind.DateTimeOffset, nullable, 0);
                        case "DateOnly" when named.ContainingNamespace.ContainingNamespace.IsGlobalNamespace: return new ClrType(ClrKind.DateOnly, nullable, 0);
                        case "TimeOnly" when named.ContainingNamespace.ContainingNamespace.IsGlobalNamespace: return new ClrType(ClrKind.TimeOnly, nullable, 0);
                        case "TimeSpan" when named.ContainingNamespace.ContainingNamespace.IsGlobalNamespace: return new ClrType(ClrKind.TimeSpan, nullable, 0);
                        case "JsonDocument" when FullName(named) == "System.Text.Json.JsonDocument": return new ClrType(ClrKind.JsonDocument, false, 0);
                    }
                }
            }

            return default;
        }

        /// <summary>A PostgreSQL array of <paramref name="element"/>, if that is a scalar.</summary>
        public static ClrType Element(ClrType element)
            => element.IsKnown && element.ArrayRank == 0 && element.Kind != ClrKind.JsonDocument
                ? new ClrType(element.Kind, false, 1, element.EnumUnderlying)
                : default;

        /// <summary>The kind of an enum's underlying integer type.</summary>
        public static ClrKind OfSpecial(SpecialType type) => type switch
        {
            SpecialType.System_Int16 => ClrKind.Int16,
            SpecialType.System_Int32 => ClrKind.Int32,
            SpecialType.System_Int64 => ClrKind.Int64,
            _ => ClrKind.Unknown,
        };

        private static bool IsList(INamedTypeSymbol definition)
        {
            string? name = FullName(definition);
            return name == "System.Collections.Generic.List`1" || name == "System.Collections.Generic.IList`1";
        }

        private static string? FullName(INamedTypeSymbol type)
        {
            if (type.ContainingType != null)
            {
                return null;
            }

            string name = type.MetadataName;
            for (var ns = type.ContainingNamespace; ns != null && !ns.IsGlobalNamespace; ns = ns.ContainingNamespace)
            {
                name = ns.Name + "." + name;
            }

            return name;
        }
    }
}
