using System;
using System.Runtime.CompilerServices;
using System.Threading;
using DriftAnalyzers.Model;
using DriftAnalyzers.Snapshots;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DriftAnalyzers
{
    /// <summary>
    /// Per-compilation state, made once and shared by every rule: EF Core's symbols, the snapshots, and (lazily) the
    /// entity model. Null when EF Core is not referenced: then the rules register nothing.
    /// </summary>
    internal sealed class DriftContext
    {
        private static readonly ConditionalWeakTable<Compilation, Holder> Cache = new ConditionalWeakTable<Compilation, Holder>();

        private readonly Lazy<EntityModel> model;

        private DriftContext(Compilation compilation, EfCoreSymbols symbols, SnapshotSet snapshots, AnalyzerConfigOptionsProvider options)
        {
            Symbols = symbols;
            Snapshots = snapshots;

            // PublicationOnly: a build cancelled in one analyzer must not leave a cached exception for the others.
            model = new Lazy<EntityModel>(() => EntityModelBuilder.Build(compilation, symbols, options, CancellationToken.None), LazyThreadSafetyMode.PublicationOnly);
        }

        public EfCoreSymbols Symbols { get; }

        public SnapshotSet Snapshots { get; }

        public EntityModel Model => model.Value;

#pragma warning disable RS1012 // Shared state for the rules: each rule registers its own actions on the same start context.
        public static DriftContext? Get(CompilationStartAnalysisContext start)
            => Cache.GetValue(start.Compilation, _ => new Holder(Create(start))).Context;

        private static DriftContext? Create(CompilationStartAnalysisContext start)
#pragma warning restore RS1012
        {
            var symbols = EfCoreSymbols.Create(start.Compilation);
            if (symbols == null)
            {
                return null;
            }

            var snapshots = SnapshotSet.Create(
                start.Options.AdditionalFiles,
                text => start.TryGetValue(text, SnapshotCache.ValueProvider, out var result) ? result : SnapshotReadResult.NotASnapshot,
                start.CancellationToken);
            return new DriftContext(start.Compilation, symbols, snapshots, start.Options.AnalyzerConfigOptionsProvider);
        }

        /// <summary>The entity a named-type symbol action is about, if it is one the rules may check.</summary>
        public EntityMapping? AnalyzableEntity(ISymbol symbol)
            => symbol is INamedTypeSymbol type && Model.Entities.TryGetValue(type, out var entity) && IsAnalyzable(entity) ? entity : null;

        public bool IsAnalyzable(EntityMapping entity) => entity.NotAnalyzedReason == null && !Snapshots.IsEmpty;

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
