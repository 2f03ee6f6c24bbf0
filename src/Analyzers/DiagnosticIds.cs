namespace DriftAnalyzers
{
    /// <summary>Every diagnostic ID. An ID is never reused: a retired one stays here as a comment.</summary>
    internal static class DiagnosticIds
    {
        public const string ColumnTypeMismatch = "DRIFT001";
        public const string TableMissing = "DRIFT002";
        public const string ColumnMissing = "DRIFT003";

        public const string NullabilityMismatch = "DRIFT004";

        public const string LengthPrecisionMismatch = "DRIFT005";
        public const string ForeignKeyTypeMismatch = "DRIFT006";
        public const string ForeignKeyConstraintMissing = "DRIFT007";
        public const string TableClaimedTwice = "DRIFT008";
        public const string EntityOutsideModel = "DRIFT009";
        public const string SnapshotProblem = "DRIFT010";
        public const string KeyMismatch = "DRIFT011";
        public const string RequiredColumnUnmapped = "DRIFT012";
        public const string MappingNotAnalyzed = "DRIFT013";
        public const string ModelChangeWithoutMigration = "DRIFT014";

        public const string MigrationsNotApplied = "DRIFT015";
        public const string MigrationUnknownToCode = "DRIFT016";
        public const string DatabaseDiffersFromMigrations = "DRIFT017";
        public const string IndexMissing = "DRIFT018";
        public const string IndexDiffers = "DRIFT019";
        public const string UniqueIndexNotInModel = "DRIFT020";
        public const string DeleteBehaviorMismatch = "DRIFT021";
        public const string DefaultValueMismatch = "DRIFT022";
        public const string CheckConstraintMismatch = "DRIFT023";
        public const string ComputedColumnMismatch = "DRIFT024";
        public const string ValueGenerationMismatch = "DRIFT025";
        public const string SequenceMismatch = "DRIFT026";
    }
}
