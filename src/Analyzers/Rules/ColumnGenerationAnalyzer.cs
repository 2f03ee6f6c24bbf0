using System.Collections.Immutable;
using System.Globalization;
using DriftAnalyzers.Model;
using DriftAnalyzers.Snapshots;
using DriftAnalyzers.TypeMapping;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DriftAnalyzers.Rules
{
    /// <summary>
    /// How a column gets its value, where the migrations' model snapshot states it (absence there means none):
    /// DRIFT022 its default, DRIFT024 its generation expression, DRIFT025 identity, serial or sequence. What cannot be
    /// compared with certainty (an expression PostgreSQL may render otherwise, a non-literal default) is not reported.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ColumnGenerationAnalyzer : DriftRuleAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.DefaultValueMismatch, Descriptors.ComputedColumnMismatch, Descriptors.ValueGenerationMismatch);

        private protected override void Register(CompilationStartAnalysisContext start, DriftContext drift) => OnNamedTypes(start, drift, Analyze);

        private static void Analyze(SymbolAnalysisContext context, DriftContext drift)
        {
            if (context.Symbol is not INamedTypeSymbol type)
            {
                return;
            }

            foreach (var (entity, property) in drift.Model.PropertiesReportedOn(Facts.Key(type)))
            {
                if (property.Generated is not { } model || entity.FromMigrations is not { } snapshot || entity.IsView || entity.ExcludedFromMigrations
                    || !drift.IsAnalyzable(entity) || !drift.TryFindTable(entity, out var match) || match.Table is not { } table
                    || !table.ColumnsByName.TryGetValue(property.Column, out var column))
                {
                    continue;
                }

                var report = new Reporter(context, drift, entity, property, table, column, match, snapshot.FileName);
                if (model.ComputedSql != null || column.Generated != null)
                {
                    CheckComputed(report, model, column);
                    continue;
                }

                if (model.Strategy != null || column.Identity != null)
                {
                    CheckGeneration(report, model, column);
                    continue;
                }

                CheckDefault(report, model, column);
            }
        }

        private static void CheckComputed(Reporter report, ColumnGeneration model, ColumnSnapshot column)
        {
            if (model.ComputedSql == null)
            {
                report.Report(Descriptors.ComputedColumnMismatch, "not computed", "generated as " + column.Generated, "EF Core writes the column on insert and update, which the database refuses");
            }
            else if (column.Generated == null)
            {
                report.Report(Descriptors.ComputedColumnMismatch, "computed as " + model.ComputedSql, "a plain column", "EF Core never writes it, so it holds its default or NULL instead of the computed value");
            }
            else if (SqlExpression.KnownToDiffer(model.ComputedSql, column.Generated))
            {
                report.Report(Descriptors.ComputedColumnMismatch, "computed as " + model.ComputedSql, "generated as " + column.Generated, "the database computes another value than the model says");
            }
        }

        private static void CheckGeneration(Reporter report, ColumnGeneration model, ColumnSnapshot column)
        {
            bool databaseGenerates = column.Identity != null || (column.Default != null && column.Default.StartsWith("nextval(", System.StringComparison.Ordinal));
            string database = column.Identity != null ? "an identity column (GENERATED " + column.Identity.ToUpperInvariant() + " AS IDENTITY)"
                : column.Default != null ? "a column with default " + column.Default : "a column without default or identity";
            switch (model.Strategy)
            {
                case "identity by default" or "identity always" or "serial" when !databaseGenerates:
                    report.Report(Descriptors.ValueGenerationMismatch, Strategy(model.Strategy), database, "EF Core leaves the column out of inserts and the database generates no value for it");
                    break;
                case "identity by default" or "serial" or "sequence" or null when column.Identity == "always":
                    report.Report(Descriptors.ValueGenerationMismatch, Strategy(model.Strategy), database, "inserts with a value for it (EF Core sends one " + (model.Strategy == "sequence" ? "from its sequence" : model.Strategy == null ? "always" : "when the key is set, as seeding does") + ") are refused");
                    break;
            }
        }

        private static string Strategy(string? strategy) => strategy switch
        {
            "identity by default" => "an identity column (UseIdentityByDefaultColumn)",
            "identity always" => "an identity column (UseIdentityAlwaysColumn)",
            "serial" => "a serial column (UseSerialColumn)",
            "sequence" => "given values from a sequence (UseHiLo or UseSequence)",
            _ => "given its values by the application",
        };

        private static void CheckDefault(Reporter report, ColumnGeneration model, ColumnSnapshot column)
        {
            if (!model.HasDefault)
            {
                // EF Core's AddColumn gives a NOT NULL column added to a table with rows the zero of its type as default.
                // A sequence's nextval is how a key is generated (DRIFT025), whichever way the snapshot says it.
                if (column.Default != null && !SqlExpression.IsZeroDefault(column.Default) && !column.Default.StartsWith("nextval(", System.StringComparison.Ordinal))
                {
                    report.Report(Descriptors.DefaultValueMismatch, "no default", "default " + column.Default, "rows inserted outside EF Core get a value the model does not know of, and the next migration drops it");
                }

                return;
            }

            string stated = model.DefaultSql != null ? "default " + model.DefaultSql + " (HasDefaultValueSql)" : "default " + Show(model.DefaultValue) + " (HasDefaultValue)";
            if (column.Default == null)
            {
                report.Report(Descriptors.DefaultValueMismatch, stated, "no default", "EF Core leaves the column out of inserts when the property holds its CLR default, and the column gets NULL instead");
                return;
            }

            bool differs = model.DefaultSql != null
                ? SqlExpression.KnownToDiffer(model.DefaultSql, column.Default)
                : model.DefaultValue != null && SqlExpression.SameValue(model.DefaultValue, column.Default) == false;
            if (differs)
            {
                report.Report(Descriptors.DefaultValueMismatch, stated, "default " + column.Default, "rows EF Core inserts without a value for it get another value than the model says");
            }
        }

        private static string Show(object? value) => value switch
        {
            null => "(not a literal)",
            string text => "\"" + text + "\"",
            bool flag => flag ? "true" : "false",
            System.IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? string.Empty,
        };

        private readonly struct Reporter
        {
            private readonly SymbolAnalysisContext context;
            private readonly DriftContext drift;
            private readonly EntityMapping entity;
            private readonly PropertyMapping property;
            private readonly TableSnapshot table;
            private readonly ColumnSnapshot column;
            private readonly TableMatch match;
            private readonly string snapshot;

            public Reporter(SymbolAnalysisContext context, DriftContext drift, EntityMapping entity, PropertyMapping property, TableSnapshot table, ColumnSnapshot column, TableMatch match, string snapshot)
            {
                this.context = context;
                this.drift = drift;
                this.entity = entity;
                this.property = property;
                this.table = table;
                this.column = column;
                this.match = match;
                this.snapshot = snapshot;
            }

            public void Report(DiagnosticDescriptor descriptor, string model, string database, string consequence)
            {
                var location = drift.Locate(property.Location);
                context.ReportDiagnostic(Diagnostic.Create(
                    descriptor,
                    location,
                    new[] { match.File.LocationOf(column.Position) },
                    entity.Name,
                    property.Name,
                    model,
                    table.Schema,
                    table.Name,
                    column.Name,
                    database,
                    consequence,
                    snapshot,
                    match.File.DisplayName + GeneratedCode.Note(location)));
            }
        }
    }
}
