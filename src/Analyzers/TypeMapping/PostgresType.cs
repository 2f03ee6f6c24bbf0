using System;
using System.Collections.Generic;
using DriftAnalyzers.Snapshots;

namespace DriftAnalyzers.TypeMapping
{
    /// <summary>The PostgreSQL types the analyzers know, by what they hold (aliases and typmods folded away).</summary>
    internal enum PgKind
    {
        Unknown,
        Boolean,
        SmallInt,
        Integer,
        BigInt,
        Real,
        DoublePrecision,
        Numeric,
        Text,
        Uuid,
        Timestamp,
        TimestampTz,
        Date,
        Time,
        Interval,
        Bytea,
        Json,
        Jsonb,
        Enum,
    }

    /// <summary>A column type as written by <c>format_type()</c> or in <c>[Column(TypeName = "...")]</c>, understood.</summary>
    internal readonly struct PostgresType
    {
        private static readonly Dictionary<string, PgKind> Names = new Dictionary<string, PgKind>(StringComparer.OrdinalIgnoreCase)
        {
            ["boolean"] = PgKind.Boolean,
            ["bool"] = PgKind.Boolean,
            ["smallint"] = PgKind.SmallInt,
            ["int2"] = PgKind.SmallInt,
            ["integer"] = PgKind.Integer,
            ["int"] = PgKind.Integer,
            ["int4"] = PgKind.Integer,
            ["bigint"] = PgKind.BigInt,
            ["int8"] = PgKind.BigInt,
            ["real"] = PgKind.Real,
            ["float4"] = PgKind.Real,
            ["double precision"] = PgKind.DoublePrecision,
            ["float8"] = PgKind.DoublePrecision,
            ["float"] = PgKind.DoublePrecision,
            ["numeric"] = PgKind.Numeric,
            ["decimal"] = PgKind.Numeric,
            ["text"] = PgKind.Text,
            ["character varying"] = PgKind.Text,
            ["varchar"] = PgKind.Text,
            ["character"] = PgKind.Text,
            ["char"] = PgKind.Text,
            ["bpchar"] = PgKind.Text,
            ["uuid"] = PgKind.Uuid,
            ["timestamp without time zone"] = PgKind.Timestamp,
            ["timestamp"] = PgKind.Timestamp,
            ["timestamp with time zone"] = PgKind.TimestampTz,
            ["timestamptz"] = PgKind.TimestampTz,
            ["date"] = PgKind.Date,
            ["time without time zone"] = PgKind.Time,
            ["time"] = PgKind.Time,
            ["interval"] = PgKind.Interval,
            ["bytea"] = PgKind.Bytea,
            ["json"] = PgKind.Json,
            ["jsonb"] = PgKind.Jsonb,
        };

        private PostgresType(PgKind kind, int arrayRank, string text)
        {
            Kind = kind;
            ArrayRank = arrayRank;
            Text = text;
        }

        public PgKind Kind { get; }

        /// <summary>0 for a scalar, 1 for <c>text[]</c>.</summary>
        public int ArrayRank { get; }

        /// <summary>The type as written.</summary>
        public string Text { get; }

        public bool IsKnown => Kind != PgKind.Unknown;

        /// <summary>
        /// Understands a type name. Domains resolve to their base type and user enums to <see cref="PgKind.Enum"/> when
        /// <paramref name="snapshot"/> is given; anything else unknown stays <see cref="PgKind.Unknown"/>.
        /// </summary>
        public static PostgresType Parse(string text, SchemaSnapshot? snapshot = null) => Parse(text, snapshot, depth: 0);

        private static PostgresType Parse(string text, SchemaSnapshot? snapshot, int depth)
        {
            // One pass from the end, one substring: trimming "[]" a pair at a time copied the rest of the text for each
            // pair, quadratic in the text (uuid and 500,000 "[]" took minutes).
            int start = 0;
            int end = text.Length;
            while (start < end && char.IsWhiteSpace(text[start]))
            {
                start++;
            }

            while (end > start && char.IsWhiteSpace(text[end - 1]))
            {
                end--;
            }

            int rank = 0;
            while (end - start >= 2 && text[end - 1] == ']' && text[end - 2] == '[')
            {
                rank++;
                end -= 2;
                while (end > start && char.IsWhiteSpace(text[end - 1]))
                {
                    end--;
                }
            }

            string name = text.Substring(start, end - start);

            // "character varying(255)", "numeric(12,2)", "timestamp(3) with time zone"
            int open = name.IndexOf('(');
            if (open >= 0)
            {
                int close = name.IndexOf(')', open);
                name = close < 0 ? name.Substring(0, open).TrimEnd() : (name.Substring(0, open).TrimEnd() + " " + name.Substring(close + 1).Trim()).Trim();
            }

            if (name.StartsWith("pg_catalog.", StringComparison.OrdinalIgnoreCase))
            {
                name = name.Substring("pg_catalog.".Length);
            }

            if (Names.TryGetValue(name, out var kind))
            {
                return new PostgresType(kind, rank, text);
            }

            if (snapshot != null && depth < 8)
            {
                foreach (var domain in snapshot.Domains)
                {
                    if (Matches(name, domain.Schema, domain.Name))
                    {
                        var baseType = Parse(domain.BaseType, snapshot, depth + 1);
                        return new PostgresType(baseType.Kind, baseType.ArrayRank + rank, text);
                    }
                }

                foreach (var enumType in snapshot.Enums)
                {
                    if (Matches(name, enumType.Schema, enumType.Name))
                    {
                        return new PostgresType(PgKind.Enum, rank, text);
                    }
                }
            }

            return new PostgresType(PgKind.Unknown, rank, text);
        }

        private static bool Matches(string name, string schema, string typeName)
            => name == schema + "." + typeName
               || name == Quote(schema) + "." + Quote(typeName)
               || name == schema + "." + Quote(typeName)
               || name == Quote(schema) + "." + typeName;

        private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";
    }
}
