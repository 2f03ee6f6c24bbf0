using System;
using System.Collections.Generic;
using DriftAnalyzers.Model;
using DriftAnalyzers.Snapshots;

namespace DriftAnalyzers.TypeMapping
{
    /// <summary>
    /// A CLR enum mapped to a PostgreSQL enum (MapEnum / HasPostgresEnum) against the enum the column has: its name, and its
    /// labels as Npgsql's default translator writes them (snake_case, or [PgName]).
    /// </summary>
    internal static class PostgresEnums
    {
        /// <summary>The PostgreSQL enum the code maps the property's enum type to (<c>public.order_status</c>), for messages, or null.</summary>
        public static string? MappedName(TypeRef propertyType, EntityModel model)
            => TryGetMapping(propertyType, model, out string schema, out string name) ? schema + "." + name : null;

        private static bool TryGetMapping(TypeRef propertyType, EntityModel model, out string schema, out string name)
        {
            var named = propertyType.NullableOf ?? propertyType;
            schema = name = string.Empty;
            if (named.Key.Length == 0 || !model.Enums.TryGetValue(named.Key, out var mapping) || mapping.CustomTranslator)
            {
                return false;
            }

            schema = mapping.Schema ?? "public";
            name = mapping.Name ?? NamingConvention.SnakeCase.Rewrite(named.Name);
            return true;
        }

        /// <summary>What disagrees, for the message, or null when the mapping agrees or cannot be known.</summary>
        public static string? Compare(TypeRef propertyType, string columnType, SchemaSnapshot snapshot, EntityModel model)
        {
            var named = propertyType.NullableOf ?? propertyType;
            if (!TryGetMapping(propertyType, model, out string expectedSchema, out string expectedName))
            {
                return null;
            }

            EnumSnapshot? actual = null;
            foreach (var candidate in snapshot.Enums)
            {
                if (candidate.QualifiedName == columnType || "\"" + candidate.Schema + "\".\"" + candidate.Name + "\"" == columnType)
                {
                    actual = candidate;
                }
            }

            if (actual == null)
            {
                return null;
            }

            if (actual.Schema != expectedSchema || actual.Name != expectedName)
            {
                return "the enum is mapped to " + expectedSchema + "." + expectedName;
            }

            var labels = new List<string>();
            foreach (var label in Facts.LabelsOf(named, model.Source))
            {
                labels.Add(label.PgName ?? NamingConvention.SnakeCase.Rewrite(label.Name));
            }

            var inDatabase = new HashSet<string>(actual.Labels, StringComparer.Ordinal);
            var missing = new List<string>();
            foreach (string label in labels)
            {
                if (!inDatabase.Contains(label))
                {
                    missing.Add(label);
                }
            }

            var inCode = new HashSet<string>(labels, StringComparer.Ordinal);
            var extra = new List<string>();
            foreach (string label in actual.Labels)
            {
                if (!inCode.Contains(label))
                {
                    extra.Add(label);
                }
            }

            if (missing.Count == 0 && extra.Count == 0)
            {
                return null;
            }

            var parts = new List<string>();
            if (missing.Count > 0)
            {
                parts.Add("labels the database lacks: " + string.Join(", ", missing));
            }

            if (extra.Count > 0)
            {
                parts.Add("labels the code lacks: " + string.Join(", ", extra));
            }

            return string.Join("; ", parts);
        }
    }
}
