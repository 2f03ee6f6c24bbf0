using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using DriftAnalyzers.Snapshots;

namespace DriftAnalyzers.Model.Migrations
{
    /// <summary>
    /// A context's migrations compared with the history table of its database's snapshot: which are not applied, and which
    /// applied ones the code does not have. Made only where the table is known precisely; otherwise there is none, and the
    /// analyzers say nothing about the history.
    /// </summary>
    internal sealed class AppliedMigrations
    {
        private AppliedMigrations(ContextMigrations context, SnapshotFile file, MigrationHistorySnapshot table, ImmutableArray<MigrationClass> pending, ImmutableArray<string> foreign, bool foreignKnown)
        {
            Context = context;
            File = file;
            Table = table;
            Pending = pending;
            Foreign = foreign;
            ForeignKnown = foreignKnown;
        }

        public ContextMigrations Context { get; }

        public SnapshotFile File { get; }

        /// <summary>The history table that holds this context's IDs.</summary>
        public MigrationHistorySnapshot Table { get; }

        /// <summary>The context's migrations the table does not list, in ID order.</summary>
        public ImmutableArray<MigrationClass> Pending { get; }

        /// <summary>IDs the table lists that no migration of the compilation has (empty when <see cref="ForeignKnown"/> is false).</summary>
        public ImmutableArray<string> Foreign { get; }

        /// <summary>
        /// Every ID of the table is accounted for by the compilation's migrations, or no context of the solution with
        /// migrations out of sight has a table in this database, so an ID no context has is truly foreign; false where
        /// another context may share the table.
        /// </summary>
        public bool ForeignKnown { get; }

        /// <summary>Every migration of the context is applied and nothing else is: the database is at the latest migration.</summary>
        public bool IsCurrent => Pending.IsEmpty && ForeignKnown && Foreign.IsEmpty;

        /// <summary>
        /// The database is behind, or has a migration the code does not: the differences its tables show are what applying
        /// (or removing) those migrations changes, so DRIFT015/DRIFT016 speak for them.
        /// </summary>
        public bool ExplainsDifferences => !Pending.IsEmpty || !Foreign.IsEmpty;

        /// <summary>
        /// The history table of <paramref name="file"/> that lists at least one of the context's migrations, if exactly one
        /// does and none is unreadable; null otherwise (no snapshot, a version 1 snapshot, no such table, or a choice).
        /// </summary>
        public static AppliedMigrations? Match(ContextMigrations context, SnapshotFile? file, ContextMigrationsSet all)
        {
            if (file == null || context.Migrations.IsEmpty)
            {
                return null;
            }

            MigrationHistorySnapshot? found = null;
            foreach (var table in file.Snapshot.MigrationHistory)
            {
                if (table.Migrations == null)
                {
                    return null; // the role could not read it: it may be this context's
                }

                foreach (string id in table.Migrations)
                {
                    if (context.Has(id))
                    {
                        if (found != null && found != table)
                        {
                            return null; // its IDs in two tables: which one EF Core reads is in options the analyzers cannot evaluate
                        }

                        found = table;
                        break;
                    }
                }
            }

            if (found == null)
            {
                return null;
            }

            var applied = new HashSet<string>(found.Migrations!, StringComparer.Ordinal);
            var pending = ImmutableArray.CreateBuilder<MigrationClass>();
            foreach (var migration in context.Migrations)
            {
                if (!applied.Contains(migration.Id))
                {
                    pending.Add(migration);
                }
            }

            var unknown = ImmutableArray.CreateBuilder<string>();
            foreach (string id in found.Migrations!)
            {
                if (!all.IsKnown(id))
                {
                    unknown.Add(id);
                }
            }

            // Another context with migrations out of sight may share the table only if its tables are in this database.
            HashSet<string>? tables = null;
            bool foreignKnown = unknown.Count == 0 || !all.UnseenUse((schema, name) => (tables ??= TableKeys(file.Snapshot)).Contains(SnapshotNames.Key(schema, name)));
            return new AppliedMigrations(context, file, found, pending.ToImmutable(), foreignKnown ? unknown.ToImmutable() : ImmutableArray<string>.Empty, foreignKnown);
        }

        private static HashSet<string> TableKeys(SchemaSnapshot snapshot)
        {
            var keys = new HashSet<string>(StringComparer.Ordinal);
            foreach (var table in snapshot.Tables)
            {
                keys.Add(SnapshotNames.Key(table.Schema, table.Name));
            }

            return keys;
        }
    }
}
