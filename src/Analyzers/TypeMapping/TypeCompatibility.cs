namespace DriftAnalyzers.TypeMapping
{
    internal enum Verdict
    {
        /// <summary>The analyzers cannot know (a CLR or column type without a known mapping): say nothing.</summary>
        Unknown,

        /// <summary>Values round-trip: silent.</summary>
        Compatible,

        /// <summary>Works for ordinary values but cannot hold every value of the other side: DRIFT001.</summary>
        Lossy,

        /// <summary>Writing or reading fails, or silently changes the value: DRIFT001.</summary>
        Incompatible,
    }

    /// <summary>
    /// CLR ↔ PostgreSQL compatibility, after Npgsql's documented mapping, checked against a real server by
    /// TypeCompatibilityRealityTests. docs/rules/DRIFT001.md lists every pair and its verdict.
    /// </summary>
    internal static class TypeCompatibility
    {
        public static Verdict Check(ClrType clr, PostgresType column)
        {
            if (!clr.IsKnown || !column.IsKnown)
            {
                return Verdict.Unknown;
            }

            if (clr.ArrayRank != column.ArrayRank)
            {
                return Verdict.Incompatible;
            }

            var kind = clr.Kind;
            if (kind == ClrKind.Enum)
            {
                // Stored as its underlying integer by default; a PostgreSQL enum or text needs a mapping (MapEnum,
                // HasConversion) that is configured in code the analyzers do not see here.
                if (column.Kind == PgKind.Enum || column.Kind == PgKind.Text)
                {
                    return Verdict.Unknown;
                }

                kind = clr.EnumUnderlying;
            }

            return Scalar(kind, column.Kind);
        }

        /// <summary>A declared store type (<c>[Column(TypeName = "...")]</c>) against the column's type.</summary>
        public static Verdict CheckDeclared(PostgresType declared, PostgresType column)
        {
            if (!declared.IsKnown || !column.IsKnown)
            {
                return Verdict.Unknown;
            }

            return declared.Kind == column.Kind && declared.ArrayRank == column.ArrayRank ? Verdict.Compatible : Verdict.Incompatible;
        }

        private static Verdict Scalar(ClrKind clr, PgKind column)
        {
            switch (clr)
            {
                case ClrKind.Boolean:
                    return column == PgKind.Boolean ? Verdict.Compatible : Verdict.Incompatible;
                case ClrKind.Int16:
                    return column switch
                    {
                        PgKind.SmallInt => Verdict.Compatible,
                        PgKind.Integer or PgKind.BigInt or PgKind.Numeric => Verdict.Lossy,
                        _ => Verdict.Incompatible,
                    };
                case ClrKind.Int32:
                    return column switch
                    {
                        PgKind.Integer => Verdict.Compatible,
                        PgKind.SmallInt or PgKind.BigInt or PgKind.Numeric => Verdict.Lossy,
                        _ => Verdict.Incompatible,
                    };
                case ClrKind.Int64:
                    return column switch
                    {
                        PgKind.BigInt => Verdict.Compatible,
                        PgKind.SmallInt or PgKind.Integer or PgKind.Numeric => Verdict.Lossy,
                        _ => Verdict.Incompatible,
                    };
                case ClrKind.Single:
                    return column switch
                    {
                        PgKind.Real => Verdict.Compatible,
                        PgKind.DoublePrecision or PgKind.Numeric => Verdict.Lossy,
                        _ => Verdict.Incompatible,
                    };
                case ClrKind.Double:
                    return column switch
                    {
                        PgKind.DoublePrecision => Verdict.Compatible,
                        PgKind.Real or PgKind.Numeric => Verdict.Lossy,
                        _ => Verdict.Incompatible,
                    };
                case ClrKind.Decimal:
                    return column == PgKind.Numeric ? Verdict.Compatible : Verdict.Incompatible;
                case ClrKind.String:
                    return column == PgKind.Text ? Verdict.Compatible : Verdict.Incompatible;
                case ClrKind.Guid:
                    return column == PgKind.Uuid ? Verdict.Compatible : Verdict.Incompatible;
                case ClrKind.DateTime:
                    return column == PgKind.TimestampTz || column == PgKind.Timestamp ? Verdict.Compatible : Verdict.Incompatible;
                case ClrKind.DateTimeOffset:
                    return column == PgKind.TimestampTz ? Verdict.Compatible : Verdict.Incompatible;
                case ClrKind.DateOnly:
                    return column == PgKind.Date ? Verdict.Compatible : Verdict.Incompatible;
                case ClrKind.TimeOnly:
                    return column == PgKind.Time ? Verdict.Compatible : Verdict.Incompatible;
                case ClrKind.TimeSpan:
                    return column switch
                    {
                        PgKind.Interval => Verdict.Compatible,
                        PgKind.Time => Verdict.Lossy,
                        _ => Verdict.Incompatible,
                    };
                case ClrKind.ByteArray:
                    return column == PgKind.Bytea ? Verdict.Compatible : Verdict.Incompatible;
                case ClrKind.JsonDocument:
                    return column == PgKind.Jsonb || column == PgKind.Json ? Verdict.Compatible : Verdict.Incompatible;
                default:
                    return Verdict.Unknown;
            }
        }

        /// <summary>The store type EF Core's Npgsql provider gives a CLR type by default, for messages: <c>uuid</c>.</summary>
        public static string DefaultStoreType(ClrType clr)
        {
            var kind = clr.Kind == ClrKind.Enum ? clr.EnumUnderlying : clr.Kind;
            string name = kind switch
            {
                ClrKind.Boolean => "boolean",
                ClrKind.Int16 => "smallint",
                ClrKind.Int32 => "integer",
                ClrKind.Int64 => "bigint",
                ClrKind.Single => "real",
                ClrKind.Double => "double precision",
                ClrKind.Decimal => "numeric",
                ClrKind.String => "text",
                ClrKind.Guid => "uuid",
                ClrKind.DateTime => "timestamp with time zone",
                ClrKind.DateTimeOffset => "timestamp with time zone",
                ClrKind.DateOnly => "date",
                ClrKind.TimeOnly => "time without time zone",
                ClrKind.TimeSpan => "interval",
                ClrKind.ByteArray => "bytea",
                ClrKind.JsonDocument => "jsonb",
                _ => "?",
            };
            return clr.ArrayRank == 1 ? name + "[]" : name;
        }

        /// <summary>
        /// The C# type a column maps to, for the code fix (<c>global::</c>-qualified where not a keyword), or null when
        /// no single type is right (json, enums, unknown types).
        /// </summary>
        public static string? ClrTypeFor(PostgresType column, out bool isValueType)
        {
            isValueType = true;
            string? element = column.Kind switch
            {
                PgKind.Boolean => "bool",
                PgKind.SmallInt => "short",
                PgKind.Integer => "int",
                PgKind.BigInt => "long",
                PgKind.Real => "float",
                PgKind.DoublePrecision => "double",
                PgKind.Numeric => "decimal",
                PgKind.Text => "string",
                PgKind.Uuid => "global::System.Guid",
                PgKind.Timestamp or PgKind.TimestampTz => "global::System.DateTime",
                PgKind.Date => "global::System.DateOnly",
                PgKind.Time => "global::System.TimeOnly",
                PgKind.Interval => "global::System.TimeSpan",
                PgKind.Bytea => "byte[]",
                _ => null,
            };
            if (element == null || column.ArrayRank > 1 || (column.ArrayRank == 1 && column.Kind == PgKind.Bytea))
            {
                return null;
            }

            if (column.ArrayRank == 1 || column.Kind == PgKind.Text || column.Kind == PgKind.Bytea)
            {
                isValueType = false;
            }

            return column.ArrayRank == 1 ? element + "[]" : element;
        }

        /// <summary>Why a lossy pairing is reported, for the message: <c> (an int cannot hold every bigint value)</c>.</summary>
        public static string LossyReason(string clrDisplay, ClrType clr, PostgresType column)
        {
            var kind = clr.Kind == ClrKind.Enum ? clr.EnumUnderlying : clr.Kind;
            bool codeIsWider = (kind, column.Kind) switch
            {
                (ClrKind.Int32, PgKind.SmallInt) or (ClrKind.Int64, PgKind.SmallInt) or (ClrKind.Int64, PgKind.Integer)
                    or (ClrKind.Double, PgKind.Real) or (ClrKind.TimeSpan, PgKind.Time) => true,
                _ => false,
            };
            string clrName = clrDisplay.TrimEnd('?');
            return codeIsWider
                ? " (the column's " + column.Text + " cannot hold every " + clrName + " value: larger ones fail on insert)"
                : " (" + ("aeiouAEIOU".IndexOf(clrName[0]) >= 0 ? "an " : "a ") + clrName + " cannot hold every " + column.Text + " value)";
        }
    }
}
