using System;
using System.Collections.Immutable;
using DriftAnalyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DriftAnalyzers.Rules
{
    /// <summary>
    /// DRIFT021: the FK constraint's ON DELETE is not what the relationship's delete behaviour makes EF Core create
    /// (Cascade: CASCADE; SetNull: SET NULL; the others, ClientSetNull included: the delete is refused, RESTRICT or NO
    /// ACTION, which differ only in when the check runs and are not told apart). Only where the migrations' model snapshot
    /// states the behaviour.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class DeleteBehaviorAnalyzer : DriftRuleAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.DeleteBehaviorMismatch);

        private protected override void Register(CompilationStartAnalysisContext start, DriftContext drift) => OnNamedTypes(start, drift, Analyze);

        /// <summary>The ON DELETE action EF Core's migrations create for a delete behaviour, as the snapshot writes it.</summary>
        internal static string? ActionOf(string deleteBehavior) => deleteBehavior switch
        {
            "Cascade" => "cascade",
            "SetNull" => "set null",
            "Restrict" or "ClientSetNull" or "ClientCascade" => "restrict",
            "NoAction" or "ClientNoAction" => "no action",
            _ => null,
        };

        /// <summary>RESTRICT and NO ACTION both refuse the delete.</summary>
        private static string Kind(string action) => action == "restrict" ? "no action" : action;

        private static void Analyze(SymbolAnalysisContext context, DriftContext drift)
        {
            if (context.Symbol is not INamedTypeSymbol type)
            {
                return;
            }

            foreach (var relationship in drift.Model.RelationshipsReportedOn(Facts.Key(type)))
            {
                if (relationship.DeleteBehavior is not { } behavior || ActionOf(behavior) is not { } expected
                    || relationship.ForeignKey != relationship.ForeignKeyProperties[0]
                    || relationship.Dependent.FromMigrations is not { } model
                    || !drift.IsAnalyzable(relationship.Dependent) || !drift.IsAnalyzable(relationship.Principal)
                    || !drift.TryFindTable(relationship.Dependent, out var dependentMatch) || dependentMatch.Table is not { } dependentTable
                    || !drift.TryFindTable(relationship.Principal, out var principalMatch) || principalMatch.Table is not { } principalTable)
                {
                    continue;
                }

                foreach (var foreignKey in dependentTable.ForeignKeys)
                {
                    if (foreignKey.ReferencedSchema != principalTable.Schema || foreignKey.ReferencedTable != principalTable.Name
                        || foreignKey.Columns.Count != relationship.ForeignKeyProperties.Length)
                    {
                        continue;
                    }

                    bool same = true;
                    for (int i = 0; i < foreignKey.Columns.Count; i++)
                    {
                        same &= foreignKey.Columns[i] == relationship.ForeignKeyProperties[i].Column;
                    }

                    if (!same || Kind(foreignKey.OnDelete) == Kind(expected))
                    {
                        continue;
                    }

                    var location = drift.Locate(relationship.ForeignKey.Location);
                    context.ReportDiagnostic(Diagnostic.Create(
                        Descriptors.DeleteBehaviorMismatch,
                        location,
                        new[] { dependentMatch.File.LocationOf(dependentTable.Position) },
                        relationship.Dependent.Name,
                        relationship.Navigation ?? relationship.ForeignKey.Name,
                        relationship.Principal.Name,
                        "DeleteBehavior." + behavior,
                        expected.ToUpperInvariant(),
                        foreignKey.Name,
                        dependentTable.Schema,
                        dependentTable.Name,
                        string.Join(", ", foreignKey.Columns),
                        foreignKey.OnDelete.ToUpperInvariant(),
                        Consequence(expected, foreignKey.OnDelete),
                        model.FileName,
                        dependentMatch.File.DisplayName));
                }
            }
        }

        private static string Consequence(string model, string database)
        {
            if (Kind(database) == "cascade")
            {
                return "deleting a principal also deletes the rows the model keeps";
            }

            if (Kind(model) == "cascade")
            {
                return "deleting a principal whose dependents are not loaded fails instead of deleting them";
            }

            if (database == "set null" || database == "set default")
            {
                return "deleting a principal changes the dependents' foreign key where the model refuses the delete";
            }

            return "deleting a principal with dependents fails where the model sets their foreign key to null";
        }
    }
}
