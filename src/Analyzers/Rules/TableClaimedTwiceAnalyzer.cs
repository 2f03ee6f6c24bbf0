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
            if (context.Symbol is not INamedTypeSymbol type || !drift.Model.Entities.TryGetValue(Facts.Key(type), out var entity) || entity.NotAnalyzedReason != null || entity.IsView
                || drift.DatabaseOf(entity).Problem != null)
            {
                return;
            }

            var names = new List<string>();
            foreach (var other in drift.OthersOnTable(entity))
            {
                // Table splitting is configured with ToTable on both entities: two fluent mappings may be deliberate.
                // Entities of one TPH hierarchy share their root's table by design.
                if ((entity.TableFromFluent && other.TableFromFluent)
                    || (entity.HierarchyRoot != null && entity.HierarchyRoot == other.HierarchyRoot))
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
                type.Locations[0],
                entity.Name,
                entity.Schema,
                entity.Table,
                (names.Count == 1 ? "entity " : "entities ") + string.Join(", ", names)));
        }
    }
}
