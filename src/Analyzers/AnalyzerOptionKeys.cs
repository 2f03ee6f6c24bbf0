namespace DriftAnalyzers
{
    /// <summary>The .editorconfig / .globalconfig keys the analyzers read (documented in docs/configuration.md).</summary>
    internal static class AnalyzerOptionKeys
    {
        /// <summary><c>none</c>, <c>snake_case</c>, <c>lower_case</c>, <c>upper_case</c>, <c>upper_snake_case</c>, <c>camel_case</c>.</summary>
        public const string NamingConvention = "drift_analyzers.naming_convention";

        /// <summary>
        /// The database (a snapshot's <c>database</c>) a DbContext's entities are checked against, read from the options of
        /// the DbContext's file. Needed only when snapshots of several databases are present.
        /// </summary>
        public const string Database = "drift_analyzers.database";

        /// <summary>The schema of tables without an explicit schema; <c>public</c> by default.</summary>
        public const string DefaultSchema = "drift_analyzers.default_schema";
    }
}
