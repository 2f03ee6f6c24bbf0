using System.Collections.Immutable;
using DriftAnalyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DriftAnalyzers.Rules
{
    /// <summary>DRIFT002: an entity whose table is in no snapshot.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class MissingTableAnalyzer : DriftRuleAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.TableMissing);

        private protected override void Register(CompilationStartAnalysisContext start, DriftContext drift) => OnNamedTypes(start, drift, Analyze);

        private static void Analyze(SymbolAnalysisContext context, DriftContext drift)
        {
            foreach (var entity in drift.AnalyzableEntities(context.Symbol))
            {
                // A keyless entity type is usually the shape of raw SQL results (FromSql): its table need not exist.
                if (!entity.Keyless && !drift.TryFindTable(entity, out _))
                {
                    Report(context, drift, entity);
                }
            }
        }

        /// <summary>What to do when the database's names are the code's in snake_case.</summary>
        internal const string SnakeCaseHint = "the database uses snake_case names, which the code maps with UseSnakeCaseNamingConvention() (EFCore.NamingConventions) or .editorconfig's drift_analyzers.naming_convention = snake_case";

        private static void Report(SymbolAnalysisContext context, DriftContext drift, EntityMapping entity)
        {

            string? database = drift.DatabaseOf(entity).Name;
            if (drift.Snapshots.IsAmbiguous(database, entity.Schema, entity.Table))
            {
                return;
            }

            // A table that differs only by case, or that is the name's snake_case (a database created with a naming convention
            // the code does not use), is named, and "go to" lands on it in the snapshot.
            bool nearMiss = drift.Snapshots.TryFindIgnoringCase(database, entity.Schema, entity.Table, out var near);
            // Only for a name by convention: a naming convention leaves [Table] and ToTable names as they are.
            bool byConvention = !entity.TableFromFluent && entity.FromMigrations == null && entity.Type.Attribute(Facts.TableAttribute) == null;
            bool snakeCase = !nearMiss && byConvention && drift.Snapshots.TryFindIgnoringCase(database, entity.Schema, NamingConvention.SnakeCase.Rewrite(entity.Table), out near);
            nearMiss |= snakeCase;
            string hint = !nearMiss ? string.Empty
                : snakeCase ? "; " + near.QualifiedName + " is its snake_case name: " + SnakeCaseHint
                : "; " + near.QualifiedName + " differs only in case, and PostgreSQL names are case-sensitive";
            var location = drift.Locate(entity.Location);
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.TableMissing,
                location,
                nearMiss ? new[] { near.File.LocationOf(near.Position) } : null,
                ReportFacts.Create(
                    entity.Name,
                    null,
                    entity.Schema + "." + entity.Table,
                    null,
                    null,
                    nearMiss ? near.QualifiedName + (snakeCase ? " (the snake_case name)" : " (differs in case)") : "no such table",
                    snakeCase ? "use the snake_case naming convention (UseSnakeCaseNamingConvention())"
                        : nearMiss ? "map the entity to " + near.QualifiedName + " (ToTable)" : "create the table (a migration), or map the entity to the table that exists").ToImmutable(),
                entity.Name,
                entity.Schema,
                entity.Table,
                hint,
                drift.Snapshots.DisplayNames(database) + GeneratedCode.Note(location)));
        }
    }
}
