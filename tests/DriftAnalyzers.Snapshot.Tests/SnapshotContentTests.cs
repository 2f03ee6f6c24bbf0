using System.Linq;
using System.Threading.Tasks;
using DriftAnalyzers.Snapshots;
using NUnit.Framework;

namespace DriftAnalyzers.Snapshot.Tests
{
    /// <summary>What a snapshot of a real database records, element by element (FullSchema.sql).</summary>
    public sealed class SnapshotContentTests
    {
        private static string database = string.Empty;
        private static string text = string.Empty;
        private static SchemaSnapshot snapshot = null!;

        [OneTimeSetUp]
        public async Task TakeSnapshot()
        {
            database = Database.Create(Database.ReadTestFile("FullSchema.sql"));
            text = await Database.SnapshotTextAsync(database);
            var read = SnapshotReader.Read(text);
            Assert.That(read.Error, Is.Null);
            snapshot = read.Snapshot!;
        }

        private static TableSnapshot Table(string schema, string name)
            => snapshot.Tables.Single(t => t.Schema == schema && t.Name == name);

        private static ColumnSnapshot Column(string schema, string table, string column)
            => Table(schema, table).Columns.Single(c => c.Name == column);

        [Test]
        public void Header_names_the_database_and_server_version_and_nothing_about_who_or_when()
        {
            Assert.That(snapshot.Database, Is.EqualTo(database));
            Assert.That(snapshot.ServerVersion, Does.Match(@"^\d+$"), "the major version only: a patch release of the server must not change the file");
            Assert.That(text, Does.StartWith("{\n  \"format\": \"drift-schema-snapshot\",\n  \"version\": 3,\n"));
            Assert.That(text, Does.Not.Contain("postgres\""), "no user name");
            Assert.That(text, Does.Not.Contain(Database.Server.Password));
        }

        [Test]
        public void Tables_are_sorted_by_schema_then_name_with_ordinal_comparison()
        {
            var names = snapshot.Tables.Select(t => t.QualifiedName).ToArray();
            Assert.That(names, Is.EqualTo(new[]
            {
                "Reporting.Daily Totals",
                "billing.invoice_lines",
                "billing.invoices",
                "public.ExpertProfiles",
                "public.dropped_column",
                "public.measurements",
                "public.readings",
                "public.subscriptions",
                "public.user",
            }));
        }

        [Test]
        public void Columns_keep_ordinal_order_and_skip_dropped_columns()
        {
            Assert.That(Table("public", "dropped_column").Columns.Select(c => c.Name), Is.EqualTo(new[] { "a", "c" }));
            Assert.That(Table("public", "user").Columns.Select(c => c.Name), Is.EqualTo(new[] { "id", "select", "DisplayName", "mood", "tags", "scores" }));
        }

        [TestCase("id", "integer")]
        [TestCase("DisplayName", "character varying(255)")]
        [TestCase("mood", "public.mood")]
        [TestCase("tags", "text[]")]
        [TestCase("scores", "integer[]")]
        public void User_column_types_are_format_type_output(string column, string type)
            => Assert.That(Column("public", "user", column).Type, Is.EqualTo(type));

        [TestCase("Rate", "numeric(12,2)")]
        [TestCase("CreatedAt", "timestamp with time zone")]
        [TestCase("Day", "date")]
        [TestCase("Payload", "jsonb")]
        [TestCase("Key", "uuid")]
        [TestCase("Raw", "bytea")]
        [TestCase("Flag", "boolean")]
        [TestCase("Code", "character(3)")]
        [TestCase("Span", "interval")]
        [TestCase("At", "time without time zone")]
        [TestCase("Local", "timestamp without time zone")]
        [TestCase("Ratio", "double precision")]
        [TestCase("Small", "smallint")]
        [TestCase("Real", "real")]
        [TestCase("Big", "bigint")]
        public void Expert_profile_column_types_are_format_type_output(string column, string type)
            => Assert.That(Column("public", "ExpertProfiles", column).Type, Is.EqualTo(type));

        [Test]
        public void Nullability_defaults_identity_serial_and_generated_columns()
        {
            var id = Column("public", "user", "id");
            Assert.That((id.Nullable, id.Identity, id.Default), Is.EqualTo((false, "always", (string?)null)));
            Assert.That(Column("public", "user", "select").Nullable, Is.True);

            var serial = Column("public", "ExpertProfiles", "Id");
            Assert.That(serial.Default, Is.EqualTo("nextval('public.\"ExpertProfiles_Id_seq\"'::regclass)"));
            Assert.That(serial.Identity, Is.Null);

            Assert.That(Column("public", "ExpertProfiles", "Big").Identity, Is.EqualTo("by default"));
            Assert.That(Column("public", "ExpertProfiles", "CreatedAt").Default, Is.EqualTo("now()"));
            Assert.That(Column("public", "ExpertProfiles", "Day").Default, Is.EqualTo("'2024-01-31'::date"));
            Assert.That(Column("public", "user", "scores").Default, Is.EqualTo("'{}'::integer[]"));

            var generated = Column("public", "ExpertProfiles", "Doubled");
            Assert.That(generated.Generated, Is.EqualTo("(\"Rate\" * (2)::numeric)"));
            Assert.That(generated.Default, Is.Null);
        }

        [Test]
        public void Primary_keys_including_composite_ones()
        {
            Assert.That(Table("public", "user").PrimaryKey!.Columns, Is.EqualTo(new[] { "id" }));
            var composite = Table("billing", "invoice_lines").PrimaryKey!;
            Assert.That((composite.Name, composite.Columns), Is.EqualTo(("invoice_lines_pkey", new[] { "invoice_id", "line_no" })));
            Assert.That(Table("public", "dropped_column").PrimaryKey, Is.Null);
        }

        [Test]
        public void Foreign_keys_with_referenced_table_columns_and_actions()
        {
            var fk = Table("public", "ExpertProfiles").ForeignKeys.Single();
            Assert.That(fk.Columns, Is.EqualTo(new[] { "UserId" }));
            Assert.That((fk.ReferencedSchema, fk.ReferencedTable), Is.EqualTo(("public", "user")));
            Assert.That(fk.ReferencedColumns, Is.EqualTo(new[] { "id" }));
            Assert.That((fk.OnDelete, fk.OnUpdate), Is.EqualTo(("cascade", "restrict")));

            var composite = Table("billing", "invoice_lines").ForeignKeys.Single();
            Assert.That(composite.Name, Is.EqualTo("invoice_lines_invoice_fk"));
            Assert.That(composite.Columns, Is.EqualTo(new[] { "inv_number", "inv_currency" }));
            Assert.That(composite.ReferencedColumns, Is.EqualTo(new[] { "number", "currency" }));
            Assert.That((composite.OnDelete, composite.OnUpdate), Is.EqualTo(("set null", "no action")));

            var crossSchema = Table("billing", "invoices").ForeignKeys.Single();
            Assert.That((crossSchema.ReferencedSchema, crossSchema.ReferencedTable), Is.EqualTo(("public", "user")));
        }

        [Test]
        public void A_varchar_user_id_without_foreign_key_is_recorded_as_such()
        {
            var table = Table("public", "subscriptions");
            Assert.That(table.Columns.Single(c => c.Name == "user_id").Type, Is.EqualTo("character varying(64)"));
            Assert.That(table.ForeignKeys, Is.Empty);
        }

        [Test]
        public void Foreign_key_to_a_partitioned_table_appears_once()
        {
            var fk = Table("public", "readings").ForeignKeys.Single();
            Assert.That(fk.ReferencedTable, Is.EqualTo("measurements"));
            Assert.That(fk.Columns, Is.EqualTo(new[] { "measurement_id", "measurement_on" }));
        }

        [Test]
        public void Unique_and_check_constraints()
        {
            var unique = Table("billing", "invoices").UniqueConstraints.Single();
            Assert.That((unique.Name, unique.Columns), Is.EqualTo(("invoices_number_currency_key", new[] { "number", "currency" })));
            var check = Table("public", "ExpertProfiles").CheckConstraints.Single();
            Assert.That((check.Name, check.Definition), Is.EqualTo(("ExpertProfiles_Rate_check", "CHECK ((\"Rate\" > (0)::numeric))")));
        }

        [Test]
        public void Indexes_plain_partial_expression_include_and_method_but_not_those_backing_constraints()
        {
            var indexes = Table("public", "ExpertProfiles").Indexes;
            Assert.That(indexes.Select(i => i.Name), Is.EqualTo(new[] { "IX_ExpertProfiles_UserId", "ix_expert_key_partial", "ix_expert_lower_code", "ix_expert_payload" }));

            var partial = indexes.Single(i => i.Name == "ix_expert_key_partial");
            Assert.That((partial.Unique, partial.Method, partial.Predicate), Is.EqualTo((true, "btree", "\"Flag\"")));
            Assert.That(partial.Columns, Is.EqualTo(new[] { "Key" }));
            Assert.That(partial.Include, Is.EqualTo(new[] { "Rate" }));

            Assert.That(indexes.Single(i => i.Name == "ix_expert_lower_code").Columns, Is.EqualTo(new[] { "lower(\"Code\"::text)" }));
            Assert.That(indexes.Single(i => i.Name == "ix_expert_payload").Method, Is.EqualTo("gin"));
            Assert.That(Table("public", "user").Indexes, Is.Empty, "the primary key's index is not listed again");
        }

        [Test]
        public void Partitioned_table_lists_its_partitions_which_are_not_tables_of_their_own()
        {
            var table = Table("public", "measurements");
            Assert.That(table.Kind, Is.EqualTo(TableKinds.Partitioned));
            Assert.That(table.Partitions, Is.EqualTo(new[] { "public.measurements_2024", "public.measurements_2025" }));
            Assert.That(snapshot.Tables.Any(t => t.Name.StartsWith("measurements_", System.StringComparison.Ordinal)), Is.False);
        }

        [Test]
        public void Quoted_mixed_case_names_and_reserved_words_are_kept_exactly()
        {
            Assert.That(Table("Reporting", "Daily Totals").Columns.Select(c => c.Name), Is.EqualTo(new[] { "Day", "Total" }));
            Assert.That(Column("public", "user", "select").Type, Is.EqualTo("text"));
        }

        [Test]
        public void Views_and_materialized_views_with_their_columns()
        {
            Assert.That(snapshot.Views.Select(v => (v.QualifiedName, v.Materialized)), Is.EqualTo(new[] { ("Reporting.monthly", true), ("public.user_names", false) }));
            var view = snapshot.Views.Single(v => v.Name == "user_names");
            Assert.That(view.Columns.Select(c => (c.Name, c.Type)), Is.EqualTo(new[] { ("id", "integer"), ("display_name", "character varying(255)") }));
        }

        [Test]
        public void Enums_with_labels_in_sort_order()
        {
            Assert.That(snapshot.Enums.Select(e => e.QualifiedName), Is.EqualTo(new[] { "billing.currency", "public.mood" }));
            Assert.That(snapshot.Enums.Single(e => e.Name == "mood").Labels, Is.EqualTo(new[] { "sad", "meh", "ok", "happy" }));
        }

        [Test]
        public void Domains_with_base_type_nullability_default_and_checks()
        {
            var domain = snapshot.Domains.Single();
            Assert.That((domain.QualifiedName, domain.BaseType, domain.Nullable, domain.Default), Is.EqualTo(("public.positive_amount", "numeric(12,2)", false, "0")));
            Assert.That(domain.Checks.Single().Definition, Is.EqualTo("CHECK ((VALUE >= (0)::numeric))"));
            Assert.That(Column("billing", "invoices", "amount").Type, Is.EqualTo("public.positive_amount"));
        }

        [Test]
        public void Format_is_two_space_indented_lf_with_final_newline_and_one_line_per_column()
        {
            Assert.That(text, Does.Not.Contain("\r"));
            Assert.That(text, Does.EndWith("}\n"));
            Assert.That(text, Does.Not.EndWith("}\n\n"));
            Assert.That(text, Does.Contain("\n        { \"name\": \"id\", \"type\": \"integer\", \"nullable\": false, \"identity\": \"always\" },\n"));
        }

        [Test]
        public void Schema_option_limits_the_snapshot_and_is_recorded()
        {
            var limited = SnapshotReader.Read(Database.SnapshotTextAsync(database, null, null, "--schema", "billing").GetAwaiter().GetResult()).Snapshot!;
            Assert.That(limited.Tables.Select(t => t.Schema).Distinct(), Is.EqualTo(new[] { "billing" }));
            Assert.That(limited.Enums.Select(e => e.QualifiedName), Is.EqualTo(new[] { "billing.currency" }));
            Assert.That(limited.Domains, Is.Empty);
            Assert.That(limited.Filter.Schemas, Is.EqualTo(new[] { "billing" }));
        }

        [Test]
        public async Task Exclude_table_patterns_leave_out_tables_and_views()
        {
            var limited = SnapshotReader.Read(await Database.SnapshotTextAsync(database, null, null, "--exclude-table", "measure*", "--exclude-table", "Reporting.*", "--exclude-table", "user_?ames")).Snapshot!;
            Assert.That(limited.Tables.Select(t => t.QualifiedName), Has.None.StartsWith("Reporting."));
            Assert.That(limited.Tables.Select(t => t.Name), Has.None.EqualTo("measurements"));
            Assert.That(limited.Views, Is.Empty);
            Assert.That(limited.Filter.ExcludeTables, Is.EqualTo(new[] { "Reporting.*", "measure*", "user_?ames" }));
        }
    }
}
