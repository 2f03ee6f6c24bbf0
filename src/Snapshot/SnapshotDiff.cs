using System;
using System.Collections.Generic;
using System.Linq;
using DriftAnalyzers.Snapshots;

namespace DriftAnalyzers.Cli
{
    /// <summary>
    /// What differs between a committed snapshot and the live database, as sentences a reviewer can act on:
    /// tables, views, columns, types, nullability, defaults, identity, keys, foreign keys, constraints, indexes, enums, domains, sequences.
    /// </summary>
    internal static class SnapshotDiff
    {
        public static IReadOnlyList<string> Compare(SchemaSnapshot snapshot, SchemaSnapshot database)
        {
            var differences = new List<string>();
            if (snapshot.Database != database.Database)
            {
                differences.Add("database name is " + snapshot.Database + " in the snapshot, " + database.Database + " in the database");
            }

            CompareSets(differences, "table", snapshot.Tables, database.Tables, t => SnapshotNames.Key(t.Schema, t.Name), t => SnapshotNames.Display(t.Schema, t.Name), (name, s, d) =>
            {
                CompareProperties(differences, "table " + name, TableProperties(s), TableProperties(d));
                CompareSets(differences, "column " + name + ".", s.Columns, d.Columns, c => c.Name, c => c.Name, (column, sc, dc) =>
                    CompareProperties(differences, "column " + name + "." + column, ColumnProperties(sc), ColumnProperties(dc)));
                CompareOrder(differences, "columns of table " + name, s.Columns.Select(c => c.Name), d.Columns.Select(c => c.Name));
                CompareSets(differences, "foreign key " + name + ".", s.ForeignKeys, d.ForeignKeys, fk => fk.Name, fk => fk.Name, (fk, sf, df) =>
                    CompareProperties(differences, "foreign key " + name + "." + fk, ForeignKeyProperties(sf), ForeignKeyProperties(df)));
                CompareSets(differences, "unique constraint " + name + ".", s.UniqueConstraints, d.UniqueConstraints, k => k.Name, k => k.Name, (key, sk, dk) =>
                    CompareProperties(differences, "unique constraint " + name + "." + key, KeyProperties(sk), KeyProperties(dk)));
                CompareSets(differences, "check constraint " + name + ".", s.CheckConstraints, d.CheckConstraints, c => c.Name, c => c.Name, (check, sc, dc) =>
                    CompareProperties(differences, "check constraint " + name + "." + check, CheckProperties(sc), CheckProperties(dc)));
                CompareSets(differences, "index " + name + ".", s.Indexes, d.Indexes, i => i.Name, i => i.Name, (index, si, di) =>
                    CompareProperties(differences, "index " + name + "." + index, IndexProperties(si), IndexProperties(di)));
            });

            CompareSets(differences, "view", snapshot.Views, database.Views, v => SnapshotNames.Key(v.Schema, v.Name), v => SnapshotNames.Display(v.Schema, v.Name), (name, s, d) =>
            {
                CompareProperties(differences, "view " + name, new[] { ("materialized", (string?)Yes(s.Materialized)) }, new[] { ("materialized", (string?)Yes(d.Materialized)) });
                CompareSets(differences, "column " + name + ".", s.Columns, d.Columns, c => c.Name, c => c.Name, (column, sc, dc) =>
                    CompareProperties(differences, "column " + name + "." + column, new[] { ("type", (string?)sc.Type) }, new[] { ("type", (string?)dc.Type) }));
            });

            CompareSets(differences, "enum", snapshot.Enums, database.Enums, e => SnapshotNames.Key(e.Schema, e.Name), e => SnapshotNames.Display(e.Schema, e.Name), (name, s, d) =>
                CompareProperties(differences, "enum " + name, new[] { ("labels", (string?)List(s.Labels)) }, new[] { ("labels", (string?)List(d.Labels)) }));

            CompareSets(differences, "domain", snapshot.Domains, database.Domains, e => SnapshotNames.Key(e.Schema, e.Name), e => SnapshotNames.Display(e.Schema, e.Name), (name, s, d) =>
                CompareProperties(differences, "domain " + name, DomainProperties(s), DomainProperties(d)));

            // A version 1 or 2 snapshot did not record sequences: nothing to compare, rather than every sequence "not in the snapshot".
            if (snapshot.Sequences != null && database.Sequences != null)
            {
                CompareSets(differences, "sequence", snapshot.Sequences, database.Sequences, q => SnapshotNames.Key(q.Schema, q.Name), q => SnapshotNames.Display(q.Schema, q.Name), (name, s, d) =>
                    CompareProperties(differences, "sequence " + name, SequenceProperties(s), SequenceProperties(d)));
            }

            return differences;
        }

        /// <summary>
        /// Pairs items by <paramref name="key"/> (never a joined string that two names can share) and names them with
        /// <paramref name="display"/>. A key twice on one side (a hand-edited file) is compared once, never a crash.
        /// </summary>
        private static void CompareSets<T>(List<string> differences, string kind, IEnumerable<T> snapshotItems, IEnumerable<T> databaseItems, Func<T, string> key, Func<T, string> display, Action<string, T, T> compareMatched)
        {
            var inDatabase = new Dictionary<string, T>(StringComparer.Ordinal);
            foreach (var item in databaseItems)
            {
                inDatabase.TryAdd(key(item), item);
            }

            var inSnapshot = new HashSet<string>(StringComparer.Ordinal);
            string separator = kind.EndsWith('.') ? string.Empty : " ";
            foreach (var item in snapshotItems)
            {
                string name = display(item);
                if (!inSnapshot.Add(key(item)))
                {
                    continue;
                }

                if (inDatabase.TryGetValue(key(item), out var match))
                {
                    compareMatched(name, item, match);
                }
                else
                {
                    differences.Add(kind + separator + name + " is in the snapshot but not in the database");
                }
            }

            foreach (var item in inDatabase.Values)
            {
                if (!inSnapshot.Contains(key(item)))
                {
                    differences.Add(kind + separator + display(item) + " is in the database but not in the snapshot");
                }
            }
        }

        private static void CompareProperties(List<string> differences, string subject, IEnumerable<(string Name, string? Value)> snapshot, IEnumerable<(string Name, string? Value)> database)
        {
            foreach (var (s, d) in snapshot.Zip(database))
            {
                if (s.Value != d.Value)
                {
                    differences.Add(subject + ": " + s.Name + (s.Name.EndsWith('s') ? " are " : " is ") + Show(s.Value) + " in the snapshot, " + Show(d.Value) + " in the database");
                }
            }
        }

        private static void CompareOrder(List<string> differences, string subject, IEnumerable<string> snapshot, IEnumerable<string> database)
        {
            var s = snapshot.ToList();
            var d = database.ToList();
            if (s.Count == d.Count && new HashSet<string>(s).SetEquals(d) && !s.SequenceEqual(d))
            {
                differences.Add(subject + ": order is " + List(s) + " in the snapshot, " + List(d) + " in the database");
            }
        }

        private static (string, string?)[] TableProperties(TableSnapshot t) => new (string, string?)[]
        {
            ("kind", t.Kind),
            ("primary key", t.PrimaryKey == null ? null : t.PrimaryKey.Name + " " + List(t.PrimaryKey.Columns)),
            ("partitions", t.Partitions.Count == 0 ? null : List(t.Partitions)),
        };

        private static (string, string?)[] ColumnProperties(ColumnSnapshot c) => new (string, string?)[]
        {
            ("type", c.Type),
            ("nullability", c.Nullable ? "NULL" : "NOT NULL"),
            ("default", c.Default),
            ("identity", c.Identity),
            ("generation expression", c.Generated),
        };

        private static (string, string?)[] ForeignKeyProperties(ForeignKeySnapshot fk) => new (string, string?)[]
        {
            ("columns", List(fk.Columns)),
            ("reference", fk.ReferencedSchema + "." + fk.ReferencedTable + " " + List(fk.ReferencedColumns)),
            ("ON DELETE", fk.OnDelete),
            ("ON UPDATE", fk.OnUpdate),
        };

        private static (string, string?)[] KeyProperties(KeySnapshot k) => new (string, string?)[] { ("columns", List(k.Columns)) };

        private static (string, string?)[] CheckProperties(CheckSnapshot c) => new (string, string?)[] { ("definition", c.Definition) };

        private static (string, string?)[] IndexProperties(IndexSnapshot i) => new (string, string?)[]
        {
            ("columns", List(i.Columns)),
            ("included columns", i.Include.Count == 0 ? null : List(i.Include)),
            ("uniqueness", i.Unique ? "unique" : "not unique"),
            ("method", i.Method),
            ("predicate", i.Predicate),
        };

        private static (string, string?)[] DomainProperties(DomainSnapshot d) => new (string, string?)[]
        {
            ("base type", d.BaseType),
            ("nullability", d.Nullable ? "NULL" : "NOT NULL"),
            ("default", d.Default),
            ("checks", List(d.Checks.Select(c => c.Name + " " + c.Definition))),
        };

        private static (string, string?)[] SequenceProperties(SequenceSnapshot q) => new (string, string?)[]
        {
            ("type", q.Type),
            ("start", q.Start.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("increment", q.Increment.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };

        private static string Yes(bool value) => value ? "yes" : "no";

        private static string List(IEnumerable<string> items) => "(" + string.Join(", ", items) + ")";

        private static string Show(string? value) => value ?? "none";
    }
}
