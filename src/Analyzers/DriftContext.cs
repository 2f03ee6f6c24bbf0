using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using DriftAnalyzers.Model;
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

        private readonly Lazy<EntityModel> model;
        private readonly Lazy<Dictionary<string, List<EntityMapping>>> tableOwners;

        private DriftContext(Compilation compilation, SnapshotSet snapshots, AnalyzerConfigOptionsProvider options)
        {
            Snapshots = snapshots;

            // Built once: the rules' actions run concurrently and all need the model, so the first builds it and the others
            // wait (with PublicationOnly each racing thread built its own, and a 2-core build did the work twice). The build
            // takes no cancellation token, so no cancelled build can be cached for the others.
            model = new Lazy<EntityModel>(() => EntityModelBuilder.Build(compilation, options, CancellationToken.None), LazyThreadSafetyMode.ExecutionAndPublication);
            tableOwners = new Lazy<Dictionary<string, List<EntityMapping>>>(IndexTableOwners, LazyThreadSafetyMode.ExecutionAndPublication);
        }

        /// <summary>The other entities that map the same table (of the same database) as <paramref name="entity"/>.</summary>
        public List<EntityMapping> OthersOnTable(EntityMapping entity)
        {
            var others = new List<EntityMapping>();
            if (tableOwners.Value.TryGetValue(TableKey(entity), out var owners))
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

        private string TableKey(EntityMapping entity) => (DatabaseOf(entity).Name ?? string.Empty) + "\u0002" + entity.Schema + "\u0001" + entity.Table;

        private Dictionary<string, List<EntityMapping>> IndexTableOwners()
        {
            var owners = new Dictionary<string, List<EntityMapping>>(StringComparer.Ordinal);
            foreach (var entity in Model.Entities.Values)
            {
                if (entity.NotAnalyzedReason != null || entity.IsView || entity.HasNoTable || DatabaseOf(entity).Problem != null)
                {
                    continue;
                }

                string key = TableKey(entity);
                if (!owners.TryGetValue(key, out var list))
                {
                    owners.Add(key, list = new List<EntityMapping>());
                }

                list.Add(entity);
            }

            return owners;
        }

        public SnapshotSet Snapshots { get; }

        public EntityModel Model => model.Value;

#pragma warning disable RS1012 // Shared state for the rules: each rule registers its own actions on the same start context.
        public static DriftContext? Get(CompilationStartAnalysisContext start)
            => Cache.GetValue(start.Compilation, _ => new Holder(Create(start))).Context;

        private static DriftContext? Create(CompilationStartAnalysisContext start)
#pragma warning restore RS1012
        {
            if (!EntityModelBuilder.ReferencesEfCore(start.Compilation))
            {
                return null;
            }

            var snapshots = SnapshotSet.Create(
                start.Options.AdditionalFiles,
                text => start.TryGetValue(text, SnapshotCache.ValueProvider, out var result) ? result : SnapshotReadResult.NotASnapshot,
                start.CancellationToken);
            return new DriftContext(start.Compilation, snapshots, start.Options.AnalyzerConfigOptionsProvider);
        }

        /// <summary>The entity a named-type symbol action is about, if it is one the rules may check.</summary>
        public EntityMapping? AnalyzableEntity(ISymbol symbol)
            => symbol is INamedTypeSymbol type && Model.Entities.TryGetValue(Facts.Key(type), out var entity) && IsAnalyzable(entity) ? entity : null;

        public bool IsAnalyzable(EntityMapping entity)
        {
            if (entity.NotAnalyzedReason != null || entity.HasNoTable || Snapshots.IsEmpty)
            {
                return false;
            }

            var database = DatabaseOf(entity);
            return database.Problem == null && !(database.Name != null && Snapshots.IsAmbiguousDatabase(database.Name));
        }

        /// <summary>The entity's table or view, in the snapshot of its DbContext's database.</summary>
        public bool TryFindTable(EntityMapping entity, out TableMatch match)
            => Snapshots.TryFind(DatabaseOf(entity).Name, entity.Schema, entity.Table, out match);

        /// <summary>
        /// The database whose snapshot checks an entity: its DbContext's (see <see cref="DatabaseOfContext"/>); any
        /// snapshot for an entity that no DbContext exposes.
        /// </summary>
        public DatabaseChoice DatabaseOf(EntityMapping entity)
            => entity.Context != null && Model.Contexts.TryGetValue(entity.Context.Key, out var context) ? DatabaseOfContext(context) : default;

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
