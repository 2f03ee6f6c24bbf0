using Microsoft.CodeAnalysis;

namespace DriftAnalyzers
{
    /// <summary>The catalog: one descriptor per diagnostic, all made by one factory.</summary>
    internal static class Descriptors
    {
        /// <summary>Set by the build from DriftRepositoryUrl (Directory.Build.props): one place for a fork or a mirror.</summary>
        public const string HelpLinkBase = DocsLink.RulesBase;

        public static readonly DiagnosticDescriptor ColumnTypeMismatch = Create(
            DiagnosticIds.ColumnTypeMismatch,
            "Column type mismatch",
            "Property '{0}.{1}' is declared {2} ({3}) but column {4}.{5}.{6} is {7} in the database{8} (snapshot {9})",
            "The CLR type of a mapped property cannot hold what the database column holds: inserts, reads or foreign keys fail at run time.",
            DiagnosticSeverity.Warning,
            "Mapping");

        public static readonly DiagnosticDescriptor TableMissing = Create(
            DiagnosticIds.TableMissing,
            "Table missing from the database",
            "Entity '{0}' maps to table {1}.{2}, which is not in the database{3} (snapshot {4})",
            "An entity whose table does not exist fails on every query and insert: the table was never created, or the mapping names another table.",
            DiagnosticSeverity.Warning,
            "Mapping");

        public static readonly DiagnosticDescriptor ColumnMissing = Create(
            DiagnosticIds.ColumnMissing,
            "Column missing from the table",
            "Property '{0}.{1}' maps to column {2}.{3}.{4}, which is not in the table{5} (snapshot {6})",
            "A mapped property whose column does not exist fails on every query of its entity.",
            DiagnosticSeverity.Warning,
            "Mapping");

        public static readonly DiagnosticDescriptor NullabilityMismatch = Create(
            DiagnosticIds.NullabilityMismatch,
            "Nullability mismatch",
            "Property '{0}.{1}' is {2} ({3}) but column {4}.{5}.{6} ({7}) is {8} in the database: {9} (snapshot {10})",
            "A nullable property on a NOT NULL column fails on insert when it holds null; a required property on a nullable column fails, or lies, when it reads a NULL.",
            DiagnosticSeverity.Warning,
            "Mapping");

        public static readonly DiagnosticDescriptor LengthPrecisionMismatch = Create(
            DiagnosticIds.LengthPrecisionMismatch,
            "Length or precision mismatch",
            "Property '{0}.{1}' declares {2} but column {3}.{4}.{5} is {6} in the database (snapshot {7})",
            "A declared maximum length or precision that differs from the column's lets values through validation that the database rejects or rounds, or rejects values the column would hold.",
            DiagnosticSeverity.Warning,
            "Mapping");

        public static readonly DiagnosticDescriptor ForeignKeyTypeMismatch = Create(
            DiagnosticIds.ForeignKeyTypeMismatch,
            "Foreign key type mismatch",
            "Property '{0}.{1}' is declared {2} but is the foreign key to '{3}.{4}', which is {5}: the database cannot create the constraint and joins compare different types",
            "A foreign key property whose type differs from the principal key it references fails when the migration creates the constraint, whether or not the table exists yet.",
            DiagnosticSeverity.Warning,
            "Relationships");

        public static readonly DiagnosticDescriptor ForeignKeyConstraintMissing = Create(
            DiagnosticIds.ForeignKeyConstraintMissing,
            "Relationship without foreign key constraint",
            "Relationship '{0}.{1}' → '{2}': column {3}.{4}.{5} ({6}) has no foreign key constraint to {7}.{8}.{9} ({10}) in the database (snapshot {11})",
            "The code declares a relationship the database does not enforce: orphaned rows and values of the wrong type go unnoticed.",
            DiagnosticSeverity.Info,
            "Relationships");

        public static readonly DiagnosticDescriptor TableClaimedTwice = Create(
            DiagnosticIds.TableClaimedTwice,
            "Table claimed twice",
            "Entity '{0}' maps to table {1}.{2}, which {3} also maps to, without table splitting or inheritance",
            "Two entity types that map one table without table splitting or inheritance each write rows the other reads wrongly, and migrations fight over the table's shape.",
            DiagnosticSeverity.Warning,
            "Mapping");

        public static readonly DiagnosticDescriptor EntityOutsideModel = Create(
            DiagnosticIds.EntityOutsideModel,
            "Entity outside every model",
            "Class '{0}' looks like an entity ({1}) but is in no DbContext's model ({2}), so no migration creates its table and no query reaches it",
            "A class written as an entity that no DbContext includes (no DbSet, no configuration, no navigation from a mapped entity) is never created by migrations.",
            DiagnosticSeverity.Warning,
            "Mapping");

        public static readonly DiagnosticDescriptor SnapshotProblem = Create(
            DiagnosticIds.SnapshotProblem,
            "Schema snapshot problem",
            "{0}",
            "The schema snapshot is missing, unreadable or ambiguous, so the entities it should check are not checked.",
            DiagnosticSeverity.Warning,
            "Snapshot");

        public static readonly DiagnosticDescriptor KeyMismatch = Create(
            DiagnosticIds.KeyMismatch,
            "Key mismatch",
            "Entity '{0}' has the key {1} ({2}) but {3}.{4} {5} in the database (snapshot {6})",
            "An entity whose key is not the table's primary key updates and deletes rows by a column that does not identify them.",
            DiagnosticSeverity.Warning,
            "Mapping");

        public static readonly DiagnosticDescriptor RequiredColumnUnmapped = Create(
            DiagnosticIds.RequiredColumnUnmapped,
            "Required column unmapped",
            "Entity '{0}' maps to table {1}.{2}, whose {3} NOT NULL without a default, but no property maps {4}: every insert fails (snapshot {5})",
            "A NOT NULL column without a default that no property maps gets no value on insert, so every insert fails.",
            DiagnosticSeverity.Warning,
            "Mapping");

        public static readonly DiagnosticDescriptor MappingNotAnalyzed = Create(
            DiagnosticIds.MappingNotAnalyzed,
            "Mapping not analyzed",
            "DbContext '{0}': {1}",
            "Parts of the EF Core mapping are computed by code the analyzers cannot evaluate; they stay silent there rather than guess.",
            DiagnosticSeverity.Info,
            "Mapping");

        public static readonly DiagnosticDescriptor ModelChangeWithoutMigration = Create(
            DiagnosticIds.ModelChangeWithoutMigration,
            "Model change without a migration",
            "{0}: add a migration (dotnet ef migrations add <Name> --context {1}) or {2}",
            "The code maps the model differently from its context's latest migrations model snapshot: the next 'dotnet ef migrations add' writes a migration for the change, and until one is added and applied the database does not have it.",
            DiagnosticSeverity.Warning,
            "Migrations");

        public static readonly DiagnosticDescriptor MigrationsNotApplied = Create(
            DiagnosticIds.MigrationsNotApplied,
            "Migrations not applied",
            "DbContext '{0}': the database is {1} behind, {2} not applied (history table {3}, snapshot {4}): apply {5} with dotnet ef database update --context {0}, then take the snapshot again",
            "The database's history table lacks migrations the code has: its tables are those of an earlier migration. Until they are applied, the differences they explain are not reported column by column.",
            DiagnosticSeverity.Warning,
            "Migrations");

        public static readonly DiagnosticDescriptor MigrationUnknownToCode = Create(
            DiagnosticIds.MigrationUnknownToCode,
            "Migration applied that the code does not have",
            "DbContext '{0}': the database has {1} that the code does not have: {2} (history table {3}, snapshot {4}); another branch or version applied {5}: merge the code that has {5}, or undo {5} in the database",
            "The database's history table lists a migration the code does not have, usually applied from another branch: the code's next migration will not know what it changed.",
            DiagnosticSeverity.Warning,
            "Migrations");

        public static readonly DiagnosticDescriptor DatabaseDiffersFromMigrations = Create(
            DiagnosticIds.DatabaseDiffersFromMigrations,
            "Database differs from the migrations",
            "Property '{0}.{1}': column {2} is {3} in the database but the migrations create it{4}{5}; the database is at the latest migration, {6}, so the column was changed by hand or by a migration's own SQL: restore it, or change the property and add a migration (snapshot {7})",
            "Every migration is applied, yet a column differs from what the migrations' model snapshot says they create: someone changed the database by hand, or a migration's own SQL overrode the model.",
            DiagnosticSeverity.Warning,
            "Migrations");

        public static readonly DiagnosticDescriptor IndexMissing = Create(
            DiagnosticIds.IndexMissing,
            "Index missing from the database",
            "Entity '{0}' has {1} but table {2}.{3} has no index on column{4} {5} in the database: {6} (model snapshot {7}; snapshot {8})",
            "An index of the model (HasIndex, [Index], EF Core's index on foreign key columns) that the database does not have: lookups and joins on it scan the table, and a unique one no longer refuses duplicates.",
            DiagnosticSeverity.Warning,
            "Indexes");

        public static readonly DiagnosticDescriptor IndexDiffers = Create(
            DiagnosticIds.IndexDiffers,
            "Index differs from the database",
            "Entity '{0}' has {1} but index {2} on {3}.{4} ({5}) is {6} in the database: {7} (model snapshot {8}; snapshot {9})",
            "The database's index on the model's columns differs in uniqueness, filter, access method or included columns: duplicates the model refuses get in, or inserts the model allows fail, or queries do not use it.",
            DiagnosticSeverity.Warning,
            "Indexes");

        public static readonly DiagnosticDescriptor UniqueIndexNotInModel = Create(
            DiagnosticIds.UniqueIndexNotInModel,
            "Unique index not in the model",
            "Entity '{0}' maps to table {1}.{2}, whose {3} makes column{4} {5} unique in the database, but the model has no key or unique index on {6}: inserts and updates the model allows fail with a unique violation (model snapshot {7}; snapshot {8})",
            "A unique index or constraint the database has and the model does not: inserts and updates that the model allows fail with a unique violation.",
            DiagnosticSeverity.Warning,
            "Indexes");

        public static readonly DiagnosticDescriptor DeleteBehaviorMismatch = Create(
            DiagnosticIds.DeleteBehaviorMismatch,
            "Delete behaviour mismatch",
            "Relationship '{0}.{1}' → '{2}' is {3} in the model (ON DELETE {4}) but foreign key {5} on {6}.{7} ({8}) is ON DELETE {9} in the database: {10} (model snapshot {11}; snapshot {12})",
            "The foreign key's ON DELETE action differs from the relationship's delete behaviour: deleting a principal removes dependents the model keeps, or fails where the model expects the dependents to go.",
            DiagnosticSeverity.Warning,
            "Relationships");

        public static readonly DiagnosticDescriptor DefaultValueMismatch = Create(
            DiagnosticIds.DefaultValueMismatch,
            "Default value mismatch",
            "Property '{0}.{1}' has {2} in the model but column {3}.{4}.{5} has {6} in the database: {7} (model snapshot {8}; snapshot {9})",
            "The column's default differs from the one the model declares: rows inserted without the column get another value than the model says, or none.",
            DiagnosticSeverity.Warning,
            "Mapping");

        public static readonly DiagnosticDescriptor CheckConstraintMismatch = Create(
            DiagnosticIds.CheckConstraintMismatch,
            "Check constraint mismatch",
            "Entity '{0}' has check constraint {1} ({2}) but table {3}.{4} {5} in the database: {6} (model snapshot {7}; snapshot {8})",
            "A check constraint of the model that the database lacks, or enforces with another expression: rows the model refuses get in, or rows it allows are refused.",
            DiagnosticSeverity.Warning,
            "Mapping");

        public static readonly DiagnosticDescriptor ComputedColumnMismatch = Create(
            DiagnosticIds.ComputedColumnMismatch,
            "Computed column mismatch",
            "Property '{0}.{1}' is {2} in the model but column {3}.{4}.{5} is {6} in the database: {7} (model snapshot {8}; snapshot {9})",
            "A computed (generated) column differs from the model: EF Core writes a column the database computes, never writes one it does not, or reads another value than the model computes.",
            DiagnosticSeverity.Warning,
            "Mapping");

        public static readonly DiagnosticDescriptor ValueGenerationMismatch = Create(
            DiagnosticIds.ValueGenerationMismatch,
            "Value generation mismatch",
            "Property '{0}.{1}' is {2} in the model but column {3}.{4}.{5} is {6} in the database: {7} (model snapshot {8}; snapshot {9})",
            "How the database generates a key (identity, serial, a sequence) differs from the model where inserts depend on it: EF Core leaves the column out and it gets no value, or sends a value the database refuses.",
            DiagnosticSeverity.Warning,
            "Mapping");

        public static readonly DiagnosticDescriptor SequenceMismatch = Create(
            DiagnosticIds.SequenceMismatch,
            "Sequence missing or different",
            "DbContext '{0}': sequence {1} is {2} in the model ({3}) but {4} in the database: {5} (model snapshot {6}; snapshot {7})",
            "A sequence the migrations create (HasSequence, the HiLo sequence of UseHiLo) is missing from the database, or its type or increment differs: inserts that take values from it fail, or get values the model does not expect (HiLo blocks that overlap).",
            DiagnosticSeverity.Warning,
            "Mapping");

        public static string HelpLink(string id) => HelpLinkBase + id + ".md";

        private static DiagnosticDescriptor Create(string id, string title, string messageFormat, string description, DiagnosticSeverity severity, string category)
            => new DiagnosticDescriptor(
                id,
                title,
                messageFormat,
                category,
                severity,
                isEnabledByDefault: true,
                description: description,
                helpLinkUri: HelpLink(id));
    }
}
