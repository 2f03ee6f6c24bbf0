using System;
using System.Collections.Generic;
using System.Collections.Immutable;

namespace DriftAnalyzers.Model.Migrations
{
    /// <summary>A context whose migrations are classes of this compilation: all of them (EF Core keeps them in one assembly).</summary>
    internal sealed class ContextMigrations
    {
        public ContextMigrations(TypeFacts context, MigrationsModel? modelSnapshot, ImmutableArray<MigrationClass> migrations, string reportingKey, FileSpan location)
        {
            Context = context;
            ModelSnapshot = modelSnapshot;
            Migrations = migrations;
            ReportingKey = reportingKey;
            Location = location;
        }

        public TypeFacts Context { get; }

        /// <summary>Its model snapshot, when it is one of the compilation's files.</summary>
        public MigrationsModel? ModelSnapshot { get; }

        /// <summary>Sorted by ID (ordinal: EF Core's IDs start with their timestamp), so the last is the latest.</summary>
        public ImmutableArray<MigrationClass> Migrations { get; }

        /// <summary>The key of the type whose symbol action reports on the context: the context, else its model snapshot, else its latest migration.</summary>
        public string ReportingKey { get; }

        /// <summary>That type's declaration.</summary>
        public FileSpan Location { get; }

        public string Latest => Migrations[Migrations.Length - 1].Id;

        /// <summary>The migrations are classes of this compilation (the project that holds them reports DRIFT015/016); else handed over.</summary>
        public bool Own => Migrations[0].Own;

        private HashSet<string>? ids;

        /// <summary>Whether one of its migrations has that ID (O(1)).</summary>
        public bool Has(string id)
        {
            var set = ids;
            if (set == null)
            {
                set = new HashSet<string>(StringComparer.Ordinal);
                foreach (var migration in Migrations)
                {
                    set.Add(migration.Id);
                }

                ids = set;
            }

            return set.Contains(id);
        }

        /// <summary>What the migrations' <c>Up</c> methods create, by migration class key.</summary>
        public Dictionary<string, MigrationOperations> Operations { get; internal set; } = new Dictionary<string, MigrationOperations>(StringComparer.Ordinal);

        /// <summary>
        /// Which migration created a column (the latest to create, add or rename to it), and the migrations from that one on
        /// that run SQL of their own; null when the migrations do not tell (a table renamed, a column no Up creates).
        /// </summary>
        public string? Origin(string schema, string defaultSchema, string table, string column)
        {
            string? createdBy = null;
            var runsSql = new List<string>();
            foreach (var migration in Migrations)
            {
                if (!Operations.TryGetValue(migration.TypeKey, out var ops))
                {
                    continue;
                }

                if (ops.RenamedTables.Contains(table))
                {
                    return null;
                }

                foreach (var created in ops.CreatedColumns)
                {
                    if (created.Table == table && created.Column == column && (created.Schema ?? defaultSchema) == schema)
                    {
                        createdBy = migration.Id;
                        runsSql.Clear();
                    }
                }

                if (createdBy != null && ops.RunsSql)
                {
                    runsSql.Add(migration.Id);
                }
            }

            if (createdBy == null)
            {
                return null;
            }

            return "created by migration " + createdBy + (runsSql.Count == 0 ? string.Empty : "; " + string.Join(", ", runsSql) + (runsSql.Count == 1 ? " runs" : " run") + " SQL of its own");
        }
    }

    /// <summary>The contexts with visible migrations, and whether some other context of the solution has migrations this compilation cannot see.</summary>
    internal sealed class ContextMigrationsSet
    {
        public static readonly ContextMigrationsSet None = new ContextMigrationsSet(new Dictionary<string, ContextMigrations>(StringComparer.Ordinal), new List<MigrationsModel>());

        public ContextMigrationsSet(Dictionary<string, ContextMigrations> byContext, List<MigrationsModel> unseen)
        {
            ByContext = byContext;
            Unseen = unseen;
            foreach (var pair in byContext)
            {
                if (!byReportingKey.TryGetValue(pair.Value.ReportingKey, out var list))
                {
                    byReportingKey.Add(pair.Value.ReportingKey, list = new List<string>());
                }

                list.Add(pair.Key);
            }
        }

        private static readonly List<string> NoContexts = new List<string>();
        private readonly Dictionary<string, List<string>> byReportingKey = new Dictionary<string, List<string>>(StringComparer.Ordinal);

        /// <summary>The keys of the contexts reported on the type of <paramref name="typeKey"/>.</summary>
        public List<string> ReportedOn(string typeKey) => byReportingKey.TryGetValue(typeKey, out var list) ? list : NoContexts;

        /// <summary>By context key.</summary>
        public Dictionary<string, ContextMigrations> ByContext { get; }

        /// <summary>
        /// The model snapshots (here or handed over from another project) of contexts whose migrations are not classes of this
        /// compilation: a history table of a database that holds their tables may hold their IDs, which are then not foreign.
        /// </summary>
        public List<MigrationsModel> Unseen { get; }

        /// <summary>Whether a context with migrations out of sight has a table in the database (<paramref name="hasTable"/>: schema, name).</summary>
        public bool UnseenUse(Func<string, string, bool> hasTable)
        {
            foreach (var model in Unseen)
            {
                foreach (var entity in model.Entities)
                {
                    if (entity.Table != null && hasTable(entity.Schema ?? model.DefaultSchema ?? "public", entity.Table))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>Whether any visible context has a migration of that ID.</summary>
        public bool IsKnown(string id)
        {
            foreach (var context in ByContext.Values)
            {
                if (context.Has(id))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
