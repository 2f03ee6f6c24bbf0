using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using DriftAnalyzers.Model;
using DriftAnalyzers.Model.Migrations;
using DriftAnalyzers.Snapshots;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DriftAnalyzers
{
    /// <summary>
    /// Per-compilation state, made once and shared by every rule: the snapshots, and (lazily) the
    /// entity model. Null when EF Core is not referenced: then the rules register nothing.
    /// </summary>
    internal sealed class DriftContext
    {
        private static readonly ConditionalWeakTable<Compilation, Holder> Cache = new ConditionalWeakTable<Compilation, Holder>();

        private readonly Compilation compilation;
        private readonly AnalyzerConfigOptionsProvider options;
        private readonly ImmutableArray<AdditionalText> additionalFiles;
        private readonly object gate = new object();
        private EntityModel? model;
        private Dictionary<string, List<EntityMapping>>? tableOwners;
        private Dictionary<string, AppliedMigrations>? history;

        internal DriftContext(Compilation compilation, SnapshotSet snapshots, AnalyzerConfigOptionsProvider options, ImmutableArray<AdditionalText> additionalFiles)
        {
            this.compilation = compilation;
            this.options = options;
            this.additionalFiles = additionalFiles;
            Snapshots = snapshots;
        }

        /// <summary>
        /// Builds the model if no action has yet: once per compilation, the other rules' actions waiting for it (building
        /// it on each racing thread did the work twice on 2 cores). The build stops when the action is cancelled (the
        /// editor's next keystroke) and then keeps nothing, so a later analysis of the same compilation, which shares this
        /// context, builds it again instead of finding a cancelled one.
        /// </summary>
        public void Prepare(CancellationToken cancellationToken)
        {
            if (Volatile.Read(ref model) != null)
            {
                return;
            }

            lock (gate)
            {
                if (model == null)
                {
                    var built = EntityModelBuilder.Build(compilation, options, additionalFiles, cancellationToken);
                    tableOwners = IndexTableOwners(built);
                    history = MatchHistory(built);
                    Volatile.Write(ref model, built);
                }
            }
        }

        /// <summary>The other entities that map the same table (of the same database) as <paramref name="entity"/>.</summary>
        public List<EntityMapping> OthersOnTable(EntityMapping entity)
        {
            var others = new List<EntityMapping>();
            var built = Model; // prepared together with the table owners
            if (tableOwners!.TryGetValue(TableKey(entity, built), out var owners))
            {
                foreach (var owner in owners)
                {
                    if (owner.TypeKey != entity.TypeKey)
                    {
                        others.Add(owner);
                    }
                }
            }

            return others;
        }

        private string TableKey(EntityMapping entity, EntityModel built) => (DatabaseOf(entity, built).Name ?? string.Empty) + "\u0002" + entity.Schema + "\u0001" + entity.Table;

        private Dictionary<string, List<EntityMapping>> IndexTableOwners(EntityModel built)
        {
            var owners = new Dictionary<string, List<EntityMapping>>(StringComparer.Ordinal);
            foreach (var entity in built.Entities.Values)
            {
                if (entity.NotAnalyzedReason != null || entity.IsView || entity.HasNoTable || DatabaseOf(entity, built).Problem != null)
                {
                    continue;
                }

                string key = TableKey(entity, built);
                if (!owners.TryGetValue(key, out var list))
                {
                    owners.Add(key, list = new List<EntityMapping>());
                }

                list.Add(entity);
            }

            return owners;
        }

        public SnapshotSet Snapshots { get; }

        /// <summary>Each context with visible migrations whose history table its database's snapshot records, by context key.</summary>
        private Dictionary<string, AppliedMigrations> MatchHistory(EntityModel built)
        {
            var result = new Dictionary<string, AppliedMigrations>(StringComparer.Ordinal);
            foreach (var pair in built.Migrations.ByContext)
            {
                var database = built.Contexts.TryGetValue(pair.Key, out var context) ? DatabaseOfContext(context) : default;
                if (database.Problem == null && AppliedMigrations.Match(pair.Value, Snapshots.FileOf(database.Name), built.Migrations) is { } applied)
                {
                    result.Add(pair.Key, applied);
                }
            }

            return result;
        }

        /// <summary>The history of the context of <paramref name="contextKey"/>, where it is known.</summary>
        public AppliedMigrations? HistoryOf(string contextKey)
        {
            Prepare(CancellationToken.None);
            return history!.TryGetValue(contextKey, out var applied) ? applied : null;
        }

        /// <summary>
        /// For an entity its migrations map and create (not a view, not excluded from migrations), the history of its context
        /// when the database is at the latest migration:
        /// then whatever its table differs in was changed after the migrations ran (DRIFT017 instead of DRIFT001-005).
        /// </summary>
        public AppliedMigrations? CurrentHistoryOf(EntityMapping entity)
            => entity.FromMigrations != null && !entity.IsView && !entity.ExcludedFromMigrations && entity.Context != null
               && HistoryOf(entity.Context.Key) is { IsCurrent: true } applied ? applied : null;

        /// <summary>Where a span of the model is in this compilation (<see cref="Location.None"/> if its file is not part of it).</summary>
        public Location Locate(FileSpan span) => SourceIndex.Of(compilation).Location(span);

        /// <summary>The model; every action prepares it first, with its own cancellation token.</summary>
        public EntityModel Model
        {
            get
            {
                Prepare(CancellationToken.None);
                return model!;
            }
        }

#pragma warning disable RS1012 // Shared state for the rules: each rule registers its own actions on the same start context.
        public static DriftContext? Get(CompilationStartAnalysisContext start)
            => Cache.GetValue(start.Compilation, _ => new Holder(Create(start))).Context;

        private static DriftContext? Create(CompilationStartAnalysisContext start)
#pragma warning restore RS1012
        {
            // Without EF Core (a Domain project's entities), only where the package hands over another project's model snapshot.
            if (!EntityModelBuilder.ReferencesEfCore(start.Compilation)
                && MigrationsModels.InAdditionalFiles(start.Options.AdditionalFiles, start.Compilation, start.CancellationToken).Count == 0)
            {
                return null;
            }

            var snapshots = SnapshotSet.Create(
                start.Options.AdditionalFiles,
                text => start.TryGetValue(text, SnapshotCache.ValueProvider, out var result) ? result : SnapshotReadResult.NotASnapshot,
                start.CancellationToken);
            return new DriftContext(start.Compilation, snapshots, start.Options.AnalyzerConfigOptionsProvider, start.Options.AdditionalFiles);
        }

        /// <summary>
        /// The entities whose own diagnostics a named-type symbol action reports and that the rules may check: the entity
        /// the type is, or (on a model snapshot class) the entities without source here that the snapshot maps.
        /// </summary>
        public List<EntityMapping> AnalyzableEntities(ISymbol symbol)
        {
            var result = new List<EntityMapping>();
            if (symbol is INamedTypeSymbol type)
            {
                foreach (var entity in Model.EntitiesReportedOn(Facts.Key(type)))
                {
                    if (IsAnalyzable(entity))
                    {
                        result.Add(entity);
                    }
                }
            }

            return result;
        }

        public bool IsAnalyzable(EntityMapping entity)
        {
            // An entity added since the last migration: DRIFT014 asks for the migration that creates its table, whatever the database has.
            if (entity.NotAnalyzedReason != null || entity.HasNoTable || entity.AwaitingMigration || Snapshots.IsEmpty)
            {
                return false;
            }

            var database = DatabaseOf(entity);
            return database.Problem == null && !(database.Name != null ? Snapshots.IsAmbiguousDatabase(database.Name) : Snapshots.HasAmbiguousDatabase)
                && !(entity.FromMigrations != null && entity.Context != null && HistoryOf(entity.Context.Key) is { ExplainsDifferences: true });
        }

        /// <summary>The entity's table or view, in the snapshot of its DbContext's database.</summary>
        public bool TryFindTable(EntityMapping entity, out TableMatch match)
            => Snapshots.TryFind(DatabaseOf(entity).Name, entity.Schema, entity.Table, out match);

        /// <summary>
        /// The database whose snapshot checks an entity: its DbContext's (see <see cref="DatabaseOfContext"/>); any
        /// snapshot for an entity that no DbContext exposes.
        /// </summary>
        public DatabaseChoice DatabaseOf(EntityMapping entity) => DatabaseOf(entity, Model);

        private DatabaseChoice DatabaseOf(EntityMapping entity, EntityModel built)
            => entity.Context != null && built.Contexts.TryGetValue(entity.Context.Key, out var context) ? DatabaseOfContext(context) : default;

        /// <summary>
        /// <c>drift_analyzers.database</c> in the options of the DbContext's file; else the only database among the
        /// snapshots; else the database its literal connection string names, if a snapshot is of it; else unresolved.
        /// </summary>
        public DatabaseChoice DatabaseOfContext(ContextModel context)
        {
            if (context.DatabaseOption is { } option)
            {
                return Snapshots.HasDatabase(option) || Snapshots.IsAmbiguousDatabase(option)
                    ? new DatabaseChoice(option, null)
                    : new DatabaseChoice(null, AnalyzerOptionKeys.Database + " is '" + option + "' but no snapshot is of that database (snapshots: " + Snapshots.DisplayNames(null) + "), so its entities are not checked");
            }

            if (Snapshots.DatabaseCount <= 1)
            {
                return default;
            }

            if (context.ConnectionStringDatabase is { } named && Snapshots.HasDatabase(named))
            {
                return new DatabaseChoice(named, null);
            }

            return new DatabaseChoice(null, "there are snapshots of several databases (" + Snapshots.DatabaseNames + ") and nothing says which one it uses, so its entities are not checked: set "
                + AnalyzerOptionKeys.Database + " = <database> for its file in .editorconfig");
        }

        /// <summary>The database chosen for a DbContext (null: any snapshot), or why none could be.</summary>
        internal readonly struct DatabaseChoice
        {
            public DatabaseChoice(string? name, string? problem)
            {
                Name = name;
                Problem = problem;
            }

            public string? Name { get; }

            public string? Problem { get; }
        }

        private sealed class Holder
        {
            public Holder(DriftContext? context)
            {
                Context = context;
            }

            public DriftContext? Context { get; }
        }
    }
}
