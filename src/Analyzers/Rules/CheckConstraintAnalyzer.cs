using System.Collections.Immutable;
using DriftAnalyzers.Model;
using DriftAnalyzers.TypeMapping;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DriftAnalyzers.Rules
{
    /// <summary>
    /// DRIFT023: a check constraint of the model is not in the database (by name, or by the same expression under another
    /// name), or the database's constraint of that name checks an expression known to differ. Only where the migrations'
    /// model snapshot states the model's constraints.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class CheckConstraintAnalyzer : DriftRuleAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.CheckConstraintMismatch);

        private protected override void Register(CompilationStartAnalysisContext start, DriftContext drift) => OnNamedTypes(start, drift, Analyze);

        private static void Analyze(SymbolAnalysisContext context, DriftContext drift)
        {
            foreach (var entity in drift.AnalyzableEntities(context.Symbol))
            {
                if (entity.CheckConstraints is not { Length: > 0 } checks || entity.FromMigrations is not { } model || entity.IsView || entity.ExcludedFromMigrations
                    || !drift.TryFindTable(entity, out var match) || match.Table is not { } table)
                {
                    continue;
                }

                foreach (var check in checks)
                {
                    string? problem = null;
                    Snapshots.CheckSnapshot? named = null;
                    bool sameExpression = false;
                    foreach (var constraint in table.CheckConstraints)
                    {
                        if (constraint.Name == check.Name)
                        {
                            named = constraint;
                        }
                        else if (SqlExpression.Normalize(check.Sql) is { } expected && SqlExpression.Normalize(constraint.Definition) == expected)
                        {
                            sameExpression = true;
                        }
                    }

                    if (named != null)
                    {
                        if (SqlExpression.KnownToDiffer(check.Sql, named.Definition))
                        {
                            problem = "has constraint " + named.Name + " as " + named.Definition;
                        }
                    }
                    else if (!sameExpression)
                    {
                        problem = "has no such check constraint";
                    }

                    if (problem == null)
                    {
                        continue;
                    }

                    context.ReportDiagnostic(Diagnostic.Create(
                        Descriptors.CheckConstraintMismatch,
                        drift.Locate(entity.Location),
                        new[] { match.File.LocationOf(table.Position) },
                        entity.Name,
                        check.Name,
                        check.Sql,
                        table.Schema,
                        table.Name,
                        problem,
                        named == null ? "rows the model refuses get in" : "the database refuses or lets in other rows than the model says",
                        model.FileName,
                        match.File.DisplayName));
                }
            }
        }
    }
}
