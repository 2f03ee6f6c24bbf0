using System;
using System.Collections.Immutable;
using DriftAnalyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DriftAnalyzers.Rules
{
    /// <summary>DRIFT003: a mapped property whose column is not in its table.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class MissingColumnAnalyzer : DriftRuleAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.ColumnMissing, Descriptors.DatabaseDiffersFromMigrations);

        private protected override void Register(CompilationStartAnalysisContext start, DriftContext drift) => OnNamedTypes(start, drift, Analyze);

        private static void Analyze(SymbolAnalysisContext context, DriftContext drift)
        {
            if (context.Symbol is not INamedTypeSymbol type)
            {
                return;
            }

            foreach (var (entity, property) in drift.Model.PropertiesReportedOn(Facts.Key(type)))
            {
                if (!drift.IsAnalyzable(entity) || !drift.TryFindTable(entity, out var match) || match.Table is not { } table
                    || table.ColumnsByName.ContainsKey(property.Column))
                {
                    continue;
                }

                if (DatabaseDiffersFromMigrations.TryReport(context, drift, entity, property, match, table.Position, "missing", string.Empty))
                {
                    continue;
                }

                string hint = string.Empty;
                string? near = null;
                bool snakeCase = false;
                // Only for a name by convention: a naming convention leaves [Column] and HasColumnName names as they are.
                string? snake = property.Column == property.Property.Name && entity.FromMigrations == null ? NamingConvention.SnakeCase.Rewrite(property.Column) : null;
                foreach (var column in table.Columns)
                {
                    if (string.Equals(column.Name, property.Column, StringComparison.OrdinalIgnoreCase))
                    {
                        hint = "; column " + column.Name + " differs only in case, and PostgreSQL names are case-sensitive";
                        near = column.Name;
                        snakeCase = false;
                        break;
                    }

                    if (near == null && column.Name == snake)
                    {
                        hint = "; column " + column.Name + " is its snake_case name: " + MissingTableAnalyzer.SnakeCaseHint;
                        near = column.Name;
                        snakeCase = true;
                    }
                }

                var location = drift.Locate(property.Location);
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.ColumnMissing,
                    location,
                    new[] { match.File.LocationOf(table.Position) },
                    ReportFacts.Create(
                        entity.Name,
                        property.Name,
                        table.Schema + "." + table.Name,
                        property.Column,
                        "maps to " + property.Column,
                        near != null ? near + (snakeCase ? " (the snake_case name)" : " (differs in case)") : "no such column",
                        snakeCase ? "use the snake_case naming convention (UseSnakeCaseNamingConvention()), or `[Column(\"" + near + "\")]`"
                        : near != null ? "map the property to " + near + " with `[Column(\"" + near + "\")]`"
                            : "add the column (a migration), map the property to another with `[Column]`, or mark it `[NotMapped]`").ToImmutable(),
                    entity.Name,
                    property.Name,
                    table.Schema,
                    table.Name,
                    property.Column,
                    hint,
                    match.File.DisplayName + GeneratedCode.Note(location)));
            }
        }
    }
}
