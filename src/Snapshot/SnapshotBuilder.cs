using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using DriftAnalyzers.Snapshots;

namespace DriftAnalyzers.Cli
{
    /// <summary>
    /// Shapes catalog rows into a snapshot: a pure function, sorted with ordinal comparison throughout, so the same
    /// database always gives the same snapshot whatever order the server returns rows in.
    /// </summary>
    internal static class SnapshotBuilder
    {
        public static SchemaSnapshot Build(CatalogRows rows, SnapshotFilter filter)
        {
            var columnsByRelation = rows.Columns.ToLookup(c => c.RelationOid);
            var columnNames = rows.Columns.ToDictionary(c => (c.RelationOid, c.Number), c => c.Name);
            string[] Names(ConstraintRow c) => c.ColumnNumbers.Select(n => columnNames[(c.RelationOid, n)]).ToArray();
            var constraintsByRelation = rows.Constraints.ToLookup(c => c.RelationOid);
            var indexesByRelation = rows.Indexes.ToLookup(i => i.RelationOid);
            var partitionsByParent = rows.Partitions.ToLookup(p => p.ParentOid);

            var excluded = TablePattern.ParseAll(filter.ExcludeTables);
            var tables = new List<TableSnapshot>();
            var views = new List<ViewSnapshot>();
            foreach (var relation in rows.Relations)
            {
                if (TablePattern.AnyMatches(excluded, relation.Schema, relation.Name))
                {
                    continue;
                }

                var columns = columnsByRelation[relation.Oid].OrderBy(c => c.Number).ToList();
                if (relation.Kind is "v" or "m")
                {
                    views.Add(new ViewSnapshot(
                        relation.Schema,
                        relation.Name,
                        relation.Kind == "m",
                        columns.Select(c => new ViewColumnSnapshot(c.Name, c.Type)).ToArray()));
                    continue;
                }

                var constraints = constraintsByRelation[relation.Oid].OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
                var primaryKey = constraints.Where(c => c.Type == "p").Select(c => new KeySnapshot(c.Name, Names(c))).FirstOrDefault();
                tables.Add(new TableSnapshot(
                    relation.Schema,
                    relation.Name,
                    relation.Kind switch { "p" => TableKinds.Partitioned, "f" => TableKinds.Foreign, _ => TableKinds.Table },
                    columns.Select(c => new ColumnSnapshot(c.Name, c.Type, !c.NotNull, c.Default, Identity(c.Identity), c.Generated)).ToArray(),
                    primaryKey,
                    constraints.Where(c => c.Type == "f").Select(c => new ForeignKeySnapshot(
                        c.Name,
                        Names(c),
                        c.ReferencedSchema ?? string.Empty,
                        c.ReferencedTable ?? string.Empty,
                        c.ReferencedColumns,
                        ReferentialAction(c.OnDelete),
                        ReferentialAction(c.OnUpdate))).ToArray(),
                    constraints.Where(c => c.Type == "u").Select(c => new KeySnapshot(c.Name, Names(c))).ToArray(),
                    constraints.Where(c => c.Type == "c").Select(c => new CheckSnapshot(c.Name, c.Definition ?? string.Empty)).ToArray(),
                    indexesByRelation[relation.Oid].OrderBy(i => i.Name, StringComparer.Ordinal).Select(i => new IndexSnapshot(
                        i.Name,
                        i.Elements.Take(i.KeyCount).ToArray(),
                        i.Elements.Skip(i.KeyCount).ToArray(),
                        i.Unique,
                        i.Method,
                        i.Predicate)).ToArray(),
                    partitionsByParent[relation.Oid].Select(p => p.Schema + "." + p.Name).OrderBy(n => n, StringComparer.Ordinal).ToArray()));
            }

            return new SchemaSnapshot(
                rows.Database,
                ServerVersion(rows.ServerVersionNumber),
                filter,
                tables.OrderBy(t => t.Schema, StringComparer.Ordinal).ThenBy(t => t.Name, StringComparer.Ordinal).ToArray(),
                views.OrderBy(v => v.Schema, StringComparer.Ordinal).ThenBy(v => v.Name, StringComparer.Ordinal).ToArray(),
                rows.Enums
                    .OrderBy(e => e.Schema, StringComparer.Ordinal).ThenBy(e => e.Name, StringComparer.Ordinal)
                    .Select(e => new EnumSnapshot(e.Schema, e.Name, e.Labels)).ToArray(),
                rows.Domains
                    .OrderBy(d => d.Schema, StringComparer.Ordinal).ThenBy(d => d.Name, StringComparer.Ordinal)
                    .Select(d => new DomainSnapshot(
                        d.Schema,
                        d.Name,
                        d.BaseType,
                        !d.NotNull,
                        d.Default,
                        d.CheckNames.Zip(d.CheckDefinitions, (name, definition) => new CheckSnapshot(name, definition))
                            .OrderBy(c => c.Name, StringComparer.Ordinal).ToArray())).ToArray(),
                // Recorded whatever --exclude-table says: leaving the table out of the comparison does not hide what is applied.
                rows.Histories
                    .OrderBy(h => h.Schema, StringComparer.Ordinal).ThenBy(h => h.Name, StringComparer.Ordinal)
                    .Select(h => new MigrationHistorySnapshot(h.Schema, h.Name, h.MigrationIds?.OrderBy(id => id, StringComparer.Ordinal).ToArray(), h.Unreadable)).ToArray(),
                // Recorded whatever --exclude-table says: its patterns name tables.
                rows.Sequences
                    .OrderBy(q => q.Schema, StringComparer.Ordinal).ThenBy(q => q.Name, StringComparer.Ordinal)
                    .Select(q => new SequenceSnapshot(q.Schema, q.Name, q.Type, q.Start, q.Increment)).ToArray());
        }

        /// <summary>
        /// The server's major version, which decides what the catalog and <c>format_type()</c> print: 150018 → 15;
        /// 90624 → 9.6 (before 10 the major version had two parts). The patch release is left out, so a routine
        /// server update does not change the committed snapshot.
        /// </summary>
        public static string ServerVersion(int number)
        {
            int major = number / 10000;
            return major >= 10
                ? major.ToString(CultureInfo.InvariantCulture)
                : major.ToString(CultureInfo.InvariantCulture) + "." + (number / 100 % 100).ToString(CultureInfo.InvariantCulture);
        }

        private static string? Identity(string code) => code switch
        {
            "a" => "always",
            "d" => "by default",
            _ => null,
        };

        private static string ReferentialAction(string code) => code switch
        {
            "r" => "restrict",
            "c" => "cascade",
            "n" => "set null",
            "d" => "set default",
            _ => "no action",
        };
    }
}
