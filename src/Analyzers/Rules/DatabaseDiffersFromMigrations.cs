using DriftAnalyzers.Model;
using DriftAnalyzers.Snapshots;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DriftAnalyzers.Rules
{
    /// <summary>
    /// DRIFT017, reported by the column rules (DRIFT001, DRIFT003, DRIFT004, DRIFT005) in their place: where the entity's
    /// migrations map it and its database is at their latest migration, a column that differs from what the model snapshot
    /// says was changed after the migrations ran. One finding for the fact, pointing at the action that resolves it.
    /// </summary>
    internal static class DatabaseDiffersFromMigrations
    {
        /// <summary>
        /// Reports DRIFT017 for a difference between what the migrations create (<paramref name="inMigrations"/>: <c> as uuid</c>,
        /// <c> NOT NULL</c>, empty for a column they create that is missing) and the database (<paramref name="inDatabase"/>), when
        /// the database is at the latest migration; false (the rule reports its own finding) otherwise.
        /// </summary>
        public static bool TryReport(SymbolAnalysisContext context, DriftContext drift, EntityMapping entity, PropertyMapping property, TableMatch match, SnapshotPosition position, string inDatabase, string inMigrations)
        {
            if (drift.CurrentHistoryOf(entity) is not { } applied || match.Table is not { } table)
            {
                return false;
            }

            string? origin = applied.Context.Origin(table.Schema, entity.FromMigrations?.DefaultSchema ?? "public", table.Name, property.Column);
            var location = drift.Locate(property.Location);
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.DatabaseDiffersFromMigrations,
                location,
                new[] { match.File.LocationOf(position) },
                entity.Name,
                property.Name,
                SnapshotNames.Display(table.Schema, table.Name) + "." + property.Column,
                inDatabase,
                inMigrations,
                origin == null ? string.Empty : " (" + origin + ")",
                applied.Context.Latest,
                match.File.DisplayName + GeneratedCode.Note(location)));
            return true;
        }
    }
}
