using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using DriftAnalyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DriftAnalyzers.Rules
{
    /// <summary>DRIFT008: two entities map the same table without table splitting or inheritance (from the code alone).</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class TableClaimedTwiceAnalyzer : DriftRuleAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.TableClaimedTwice);

        private protected override void Register(CompilationStartAnalysisContext start, DriftContext drift) => OnNamedTypes(start, drift, Analyze);

        private static void Analyze(SymbolAnalysisContext context, DriftContext drift)
        {
            if (context.Symbol is not INamedTypeSymbol type)
            {
                return;
            }

            foreach (var entity in drift.Model.EntitiesReportedOn(Facts.Key(type)))
            {
                if (entity.NotAnalyzedReason == null && !entity.IsView && drift.DatabaseOf(entity).Problem == null)
                {
                    Analyze(context, drift, entity);
                }
            }
        }

        private static void Analyze(SymbolAnalysisContext context, DriftContext drift, EntityMapping entity)
        {
            var names = new List<string>();
            foreach (var other in drift.OthersOnTable(entity))
            {
                if (!Conflicts(entity, other, drift.Model))
                {
                    continue;
                }

                names.Add("'" + other.Name + "'" + (other.Context != null && other.Context.Key != entity.Context?.Key ? " (in " + other.Context.Name + ")" : string.Empty));
            }

            if (names.Count == 0)
            {
                return;
            }

            names.Sort(StringComparer.Ordinal);
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.TableClaimedTwice,
                drift.Locate(entity.Location),
                ReportFacts.Create(
                    entity.Name,
                    null,
                    entity.Schema + "." + entity.Table,
                    null,
                    "also mapped by " + string.Join(", ", names),
                    null,
                    "keep one entity per table, map the other to its own table, or make them table splitting or a hierarchy").ToImmutable(),
                entity.Name,
                entity.Schema,
                entity.Table,
                (names.Count == 1 ? "entity " : "entities ") + string.Join(", ", names)));
        }

        /// <summary>
        /// Whether two entities on one table claim it by mistake. Not: one TPH hierarchy; two entities of one context's model
        /// snapshot (EF Core validated that model); a table one of them excludes from migrations (shared on purpose).
        /// Two contexts whose migrations both create the table do conflict. In the code, two ToTable mappings in different
        /// contexts may be deliberate; in one context they are table splitting only when a navigation links the two
        /// (EF Core rejects two unrelated entities on one table).
        /// </summary>
        private static bool Conflicts(EntityMapping entity, EntityMapping other, EntityModel model)
        {
            if ((entity.HierarchyRoot != null && entity.HierarchyRoot == other.HierarchyRoot) || entity.ExcludedFromMigrations || other.ExcludedFromMigrations)
            {
                return false;
            }

            bool sameContext = entity.Context?.Key == other.Context?.Key;
            if (entity.FromMigrations != null || other.FromMigrations != null)
            {
                return !(sameContext && entity.FromMigrations != null && other.FromMigrations != null);
            }

            if (entity.TableFromFluent && other.TableFromFluent)
            {
                return sameContext && !Linked(entity, other, model) && !Linked(other, entity, model);
            }

            return true;
        }

        /// <summary>Whether <paramref name="from"/> has a reference navigation to <paramref name="to"/> (as table splitting needs).</summary>
        private static bool Linked(EntityMapping from, EntityMapping to, EntityModel model)
        {
            for (var type = from.Type; type != null; type = type.BaseType)
            {
                foreach (var property in type.Properties)
                {
                    if (property.Type.Key == to.TypeKey)
                    {
                        return true;
                    }
                }
            }

            return false;
        }
    }
}
