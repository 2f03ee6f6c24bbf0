using System.Collections.Immutable;
using DriftAnalyzers.Model;
using DriftAnalyzers.TypeMapping;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DriftAnalyzers.Rules
{
    /// <summary>DRIFT001: a mapped property whose CLR type (or declared column type) disagrees with the column's type.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ColumnTypeAnalyzer : DriftRuleAnalyzer
    {
        /// <summary>Diagnostic property: the C# type the column maps to (for the code fix).</summary>
        public const string TargetTypeProperty = "TargetType";

        /// <summary>Diagnostic property: "true" when <see cref="TargetTypeProperty"/> is a value type.</summary>
        public const string TargetIsValueTypeProperty = "TargetIsValueType";

        /// <summary>Diagnostic property: the column's type as the database prints it (for a [Column(TypeName)] fix).</summary>
        public const string ColumnTypeProperty = "ColumnType";

        /// <summary>Diagnostic property: "true" when the column allows NULL.</summary>
        public const string ColumnNullableProperty = "ColumnNullable";

        /// <summary>Diagnostic property: "true" when the property's CLR type is what disagrees (the fix changes it).</summary>
        public const string ChangeTypeProperty = "ChangeType";

        /// <summary>Diagnostic property: "true" when [Column(TypeName)] disagrees (the fix rewrites it).</summary>
        public const string FixTypeNameProperty = "FixTypeName";

        /// <summary>Diagnostic property: why the target type is right, for the fix's title ("the column is integer").</summary>
        public const string ReasonProperty = "Reason";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.ColumnTypeMismatch, Descriptors.DatabaseDiffersFromMigrations);

        private protected override void Register(CompilationStartAnalysisContext start, DriftContext drift) => OnNamedTypes(start, drift, Analyze);

        private static bool IsMismatch(Verdict verdict) => verdict == Verdict.Incompatible || verdict == Verdict.Lossy;

        private static void Analyze(SymbolAnalysisContext context, DriftContext drift)
        {
            if (context.Symbol is not INamedTypeSymbol type)
            {
                return;
            }

            foreach (var (entity, property) in drift.Model.PropertiesReportedOn(Facts.Key(type)))
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                if (!drift.IsAnalyzable(entity) || !drift.TryFindTable(entity, out var match) || match.Table is not { } table
                    || !table.ColumnsByName.TryGetValue(property.Column, out var column))
                {
                    continue;
                }

                var columnType = PostgresType.Parse(column.Type, match.File.Snapshot);
                // The declared column type: [Column(TypeName)] or HasColumnType in the code, else the one the migrations' model snapshot states.
                string? declaredType = property.DeclaredStoreType ?? property.MigrationsStoreType;
                var declared = declaredType != null ? PostgresType.Parse(declaredType, match.File.Snapshot) : default(PostgresType?);
                var clrVerdict = TypeCompatibility.Check(property.ClrType, columnType);
                var verdict = declared is { } d ? TypeCompatibility.CheckDeclared(d, columnType) : clrVerdict;
                string clrDisplay = property.TypeDisplay ?? property.Property.Type.Display;
                string note = verdict == Verdict.Lossy ? TypeCompatibility.LossyReason(clrDisplay, columnType) : string.Empty;
                if ((declared == null || property.DeclaredStoreType == null) && property.ClrType.Kind == ClrKind.Enum && columnType.Kind == PgKind.Enum
                    && PostgresEnums.Compare(property.Property.Type, column.Type, match.File.Snapshot, drift.Model) is { } enumProblem)
                {
                    verdict = Verdict.Incompatible;
                    note = " (" + enumProblem + ")";
                }

                if (!IsMismatch(verdict))
                {
                    continue;
                }

                // What the migrations create differs from the column too: changed after they ran (DRIFT017), when the database is at the latest.
                if (property.MigrationsStoreType is { } created && IsMismatch(TypeCompatibility.CheckDeclared(PostgresType.Parse(created, match.File.Snapshot), columnType))
                    && DatabaseDiffersFromMigrations.TryReport(context, drift, entity, property, match, column.Position, column.Type, " as " + created))
                {
                    continue;
                }

                var properties = ImmutableDictionary.CreateBuilder<string, string?>();
                properties.Add(ColumnTypeProperty, column.Type);
                properties.Add(ReasonProperty, "the column is " + column.Type);
                properties.Add(ColumnNullableProperty, column.Nullable ? "true" : "false");
                if (IsMismatch(clrVerdict) && !property.Converted && TypeCompatibility.ClrTypeFor(columnType, out bool isValueType) is { } target)
                {
                    properties.Add(ChangeTypeProperty, "true");
                    properties.Add(TargetTypeProperty, target);
                    properties.Add(TargetIsValueTypeProperty, isValueType ? "true" : "false");
                }

                if (property.DeclaredStoreType != null)
                {
                    properties.Add(FixTypeNameProperty, "true");
                }

                var location = drift.Locate(property.Location);
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.ColumnTypeMismatch,
                    location,
                    new[] { match.File.LocationOf(column.Position) },
                    properties.ToImmutable(),
                    entity.Name,
                    property.Name,
                    clrDisplay,
                    declaredType ?? TypeCompatibility.DefaultStoreType(property.ClrType),
                    table.Schema,
                    table.Name,
                    column.Name,
                    column.Type,
                    note,
                    match.File.DisplayName + GeneratedCode.Note(location)));
            }
        }
    }
}
