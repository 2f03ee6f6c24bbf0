using System.Collections.Immutable;

namespace DriftAnalyzers.Rules
{
    /// <summary>
    /// The facts of a finding, as diagnostic properties: the build's SARIF log carries them (<c>properties.customProperties</c>
    /// of each result), and <c>drift report</c> shows them as columns instead of parsing messages. Every rule sets
    /// <see cref="Fix"/>; the others where the finding has them.
    /// </summary>
    internal static class ReportFacts
    {
        public const string Entity = "Entity";
        public const string Property = "Property";
        public const string Table = "Table";
        public const string Column = "Column";

        /// <summary>What the code declares (a type, a nullability, a key).</summary>
        public const string Code = "CodeSays";

        /// <summary>What the database has.</summary>
        public const string Database = "DatabaseSays";

        /// <summary>What the migrations' model snapshot says (DRIFT014: the code against the migrations, no database involved).</summary>
        public const string Migrations = "MigrationsSays";

        /// <summary>What to do, one sentence; "(code fix)" where a code fix does it.</summary>
        public const string Fix = "Fix";

        /// <summary>A builder holding the facts given (null ones left out), for a rule to add its code fix's properties to.</summary>
        public static ImmutableDictionary<string, string?>.Builder Create(string? entity, string? property, string? table, string? column, string? code, string? database, string fix)
        {
            var builder = ImmutableDictionary.CreateBuilder<string, string?>();
            Add(builder, Entity, entity);
            Add(builder, Property, property);
            Add(builder, Table, table);
            Add(builder, Column, column);
            Add(builder, Code, code);
            Add(builder, Database, database);
            Add(builder, Fix, fix);
            return builder;
        }

        private static void Add(ImmutableDictionary<string, string?>.Builder builder, string key, string? value)
        {
            if (value != null)
            {
                builder.Add(key, value);
            }
        }
    }
}
