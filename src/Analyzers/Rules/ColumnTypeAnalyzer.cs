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

            string typeKey = Facts.Key(type);
            foreach (var (entity, property) in drift.Model.PropertiesReportedOn(typeKey))
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
                string storeDisplay = declaredType ?? TypeCompatibility.DefaultStoreType(property.ClrType);
                string note = verdict == Verdict.Lossy ? TypeCompatibility.LossyReason(clrDisplay, property.ClrType, columnType) : string.Empty;
                if ((declared == null || property.DeclaredStoreType == null) && property.ClrType.Kind == ClrKind.Enum && columnType.Kind == PgKind.Enum
                    && PostgresEnums.Compare(property.Property.Type, column.Type, match.File.Snapshot, drift.Model) is { } enumProblem)
                {
                    verdict = Verdict.Incompatible;
                    note = " (" + enumProblem + ")";
                    // MapEnum stores the enum as a PostgreSQL enum, not as its underlying integer.
                    storeDisplay = PostgresEnums.MappedName(property.Property.Type, drift.Model) ?? storeDisplay;
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

                // A foreign key whose principal key does not fit the column: changing the property to the column's type would
                // undo DRIFT006's fix (and break the relationship), so the column is what must change.
                var keyOfColumn = ForeignKeyOf(drift, typeKey, entity, property) is { } relationship
                    && TypeCompatibility.Check(relationship.PrincipalKey.ClrType, columnType) != Verdict.Compatible
                    ? relationship : null;
                if (keyOfColumn != null)
                {
                    string keyStore = TypeCompatibility.DefaultStoreType(keyOfColumn.PrincipalKey.ClrType);
                    note += " (it is the foreign key to '" + keyOfColumn.Principal.Name + "." + keyOfColumn.PrincipalKey.Name + "', "
                        + keyStore + " in the database: the column must change, not the property)";
                }

                string? target = null;
                bool isValueType = false;
                bool changeType = keyOfColumn == null && IsMismatch(clrVerdict) && !property.Converted
                    && (target = TypeCompatibility.ClrTypeFor(columnType, out isValueType)) != null;
                bool fixTypeName = keyOfColumn == null && property.DeclaredStoreType != null;
                string fix = changeType
                    ? "change the type to `" + FixedTypeDisplay(target!, isValueType, property, column.Nullable) + "` (code fix)"
                    : fixTypeName ? "set `[Column(TypeName = \"" + column.Type + "\")]` (code fix)"
                    : keyOfColumn != null ? "change the column to " + TypeCompatibility.DefaultStoreType(keyOfColumn.PrincipalKey.ClrType) + " (a migration), as the key it references"
                    : "map the column's type by hand (no CLR type the analyzers know fits), or change the column";
                var properties = ReportFacts.Create(entity.Name, property.Name, table.Schema + "." + table.Name, column.Name, clrDisplay + " (" + storeDisplay + ")", column.Type + note, fix);
                properties.Add(ColumnTypeProperty, column.Type);
                properties.Add(ReasonProperty, "the column is " + column.Type);
                properties.Add(ColumnNullableProperty, column.Nullable ? "true" : "false");
                if (changeType)
                {
                    properties.Add(ChangeTypeProperty, "true");
                    properties.Add(TargetTypeProperty, target);
                    properties.Add(TargetIsValueTypeProperty, isValueType ? "true" : "false");
                }

                if (fixTypeName)
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
                    storeDisplay,
                    table.Schema,
                    table.Name,
                    column.Name,
                    column.Type,
                    note,
                    match.File.DisplayName + GeneratedCode.Note(location)));
            }
        }

        /// <summary>The relationship whose foreign key <paramref name="property"/> is, with types the code declares, or null.</summary>
        private static Relationship? ForeignKeyOf(DriftContext drift, string typeKey, EntityMapping entity, PropertyMapping property)
        {
            foreach (var relationship in drift.Model.RelationshipsReportedOn(typeKey))
            {
                if (relationship.Dependent == entity && relationship.ForeignKey.Name == property.Name
                    && !relationship.PrincipalKey.Converted && relationship.PrincipalKey.ClrType.IsKnown)
                {
                    return relationship;
                }
            }

            return null;
        }

        /// <summary>The type the code fix (ColumnTypeFixer) writes, as the report shows it: <c>int?</c> for a <c>long?</c> property.</summary>
        internal static string FixedTypeDisplay(string target, bool isValueType, PropertyMapping property, bool columnNullable)
        {
            string name = target.Replace("global::System.", string.Empty).Replace("global::", string.Empty);
            var declared = property.Property;
            bool wasNullable = declared.Type.NullableOf != null || declared.NullableAnnotation == NullableAnnotation.Annotated;
            bool annotations = declared.NullableAnnotation != NullableAnnotation.None;
            return (isValueType ? wasNullable : annotations && (wasNullable || columnNullable)) ? name + "?" : name;
        }
    }
}
