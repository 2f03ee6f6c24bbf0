using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using DriftAnalyzers.Tests.Infrastructure;
using NUnit.Framework;

namespace DriftAnalyzers.Tests.Rules
{
    /// <summary>
    /// DRIFT026: the sequences a model snapshot declares (HasSequence with its type, start and increment; the HiLo sequence a
    /// property names, EF Core 2's annotation included) against those a version 3 snapshot records. Reported on the context,
    /// only where the snapshot recorded sequences and the sequence's schema is in its scope.
    /// </summary>
    public sealed class SequenceTests
    {
        private const string Entities = """
            namespace Billing
            {
                public class Invoice
                {
                    public long Id { get; set; }
                    public int Number { get; set; }
                }

                public class BillingContext : Microsoft.EntityFrameworkCore.DbContext
                {
                    public Microsoft.EntityFrameworkCore.DbSet<Invoice> Invoices => Set<Invoice>();
                }
            }
            """;

        private const string ContextLine = "Entities.cs:9";

        private const string ModelSnapshot = """
            using Microsoft.EntityFrameworkCore;
            using Microsoft.EntityFrameworkCore.Infrastructure;
            using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

            namespace Billing.Migrations
            {
                [DbContext(typeof(BillingContext))]
                partial class BillingContextModelSnapshot : ModelSnapshot
                {
                    protected override void BuildModel(ModelBuilder modelBuilder)
                    {
                        modelBuilder
                            .HasAnnotation("ProductVersion", "10.0.1")
                            .HasAnnotation("Relational:MaxIdentifierLength", 63);

                        NpgsqlModelBuilderExtensions.UseIdentityByDefaultColumns(modelBuilder);

                        modelBuilder.HasSequence("invoice_hilo")
                            .IncrementsBy(10);

                        modelBuilder.HasSequence<int>("invoice_numbers", "billing")
                            .StartsAt(1000L)
                            .IncrementsBy(5);

                        modelBuilder.HasSequence<short>("tiny");

                        modelBuilder.Entity("Billing.Invoice", b =>
                            {
                                b.Property<long>("Id")
                                    .ValueGeneratedOnAdd()
                                    .HasColumnType("bigint");

                                NpgsqlPropertyBuilderExtensions.UseHiLo(b.Property<long>("Id"), "invoice_hilo");

                                b.Property<int>("Number")
                                    .HasColumnType("integer")
                                    .HasAnnotation("Npgsql:HiLoSequenceName", "legacy_hilo")
                                    .HasAnnotation("Npgsql:HiLoSequenceSchema", "billing");

                                b.HasKey("Id");

                                b.ToTable("Invoices");
                            });
                    }
                }
            }
            """;

        private const string HiLo = """{ "schema": "public", "name": "invoice_hilo", "type": "bigint", "start": 1, "increment": 10 }""";

        private const string Numbers = """{ "schema": "billing", "name": "invoice_numbers", "type": "integer", "start": 1000, "increment": 5 }""";

        private const string Legacy = """{ "schema": "billing", "name": "legacy_hilo", "type": "bigint", "start": 1, "increment": 10 }""";

        private const string Tiny = """{ "schema": "public", "name": "tiny", "type": "smallint", "start": 1, "increment": 1 }""";

        private const string All = HiLo + ", " + Numbers + ", " + Legacy + ", " + Tiny;

        private static string Database(string? sequences = All, string schemas = "", int version = 3)
            => $$"""
            {
              "format": "drift-schema-snapshot",
              "version": {{version}},
              "database": "billing",
              "serverVersion": "16",
              "filter": { "schemas": [{{schemas}}], "excludeTables": [] },
              "tables": [
                {
                  "schema": "public",
                  "name": "Invoices",
                  "kind": "table",
                  "columns": [
                    { "name": "Id", "type": "bigint", "nullable": false },
                    { "name": "Number", "type": "integer", "nullable": false }
                  ],
                  "primaryKey": { "name": "PK_Invoices", "columns": ["Id"] },
                  "foreignKeys": [],
                  "uniqueConstraints": [],
                  "checkConstraints": [],
                  "indexes": []
                }
              ],
              "views": [],
              "enums": [],
              "domains": []{{(sequences == null ? string.Empty : ",\n  \"sequences\": [" + sequences + "]")}}
            }
            """;

        /// <summary>Two migrations, as their classes declare them (their operations do not matter here).</summary>
        private const string Migrations = """
            using Microsoft.EntityFrameworkCore.Infrastructure;
            using Microsoft.EntityFrameworkCore.Migrations;

            namespace Billing.Migrations
            {
                [DbContext(typeof(BillingContext))]
                [Migration("20250101000000_Initial")]
                public partial class Initial : Migration
                {
                    protected override void Up(MigrationBuilder migrationBuilder) { }
                }

                [DbContext(typeof(BillingContext))]
                [Migration("20250201000000_Sequences")]
                public partial class Sequences : Migration
                {
                    protected override void Up(MigrationBuilder migrationBuilder) { }
                }
            }
            """;

        private static async Task<string[]> FindingsAsync(string database, string snapshot = ModelSnapshot, bool withMigrations = false)
        {
            var sources = new List<(string, string)> { ("/Billing/Entities.cs", Entities), ("/Billing/Migrations/BillingContextModelSnapshot.cs", snapshot) };
            if (withMigrations)
            {
                sources.Add(("/Billing/Migrations/Migrations.cs", Migrations));
            }

            var compilation = AnalyzerRunner.Compile(sources);
            var (diagnostics, exceptions) = await AnalyzerRunner.RunAsync(compilation, database);
            Assert.That(exceptions, Is.Empty);
            return diagnostics
                .Where(d => d.Severity != Microsoft.CodeAnalysis.DiagnosticSeverity.Hidden)
                .Select(d => d.Id + " " + System.IO.Path.GetFileName(d.Location.GetLineSpan().Path) + ":" + (d.Location.GetLineSpan().StartLinePosition.Line + 1) + " " + d.GetMessage())
                .OrderBy(f => f, StringComparer.Ordinal)
                .ToArray();
        }

        [Test]
        public async Task The_matching_database_gives_no_finding_and_sequences_the_model_does_not_declare_are_ignored()
        {
            Assert.That(await FindingsAsync(Database()), Is.Empty);
            Assert.That(await FindingsAsync(Database(All + """, { "schema": "public", "name": "Invoices_Id_seq", "type": "bigint", "start": 1, "increment": 1 }""")), Is.Empty, "a sequence only the database has");
            Assert.That(await FindingsAsync(Database(All.Replace("\"start\": 1000", "\"start\": 1", StringComparison.Ordinal))), Is.Empty, "START WITH is not compared");
        }

        [Test]
        public async Task A_missing_HasSequence_sequence_is_reported_on_the_context()
            => Assert.That(await FindingsAsync(Database(HiLo + ", " + Legacy + ", " + Tiny)), Is.EqualTo(new[]
            {
                "DRIFT026 " + ContextLine + " DbContext 'BillingContext': sequence billing.invoice_numbers is integer, increment 5 in the model (HasSequence) but missing in the database: inserts that take a value from it fail: the sequence does not exist (model snapshot BillingContextModelSnapshot.cs; snapshot app.json (database billing))",
            }));

        [Test]
        public async Task A_missing_HiLo_sequence_is_reported_whether_HasSequence_or_only_EF_Core_2s_annotation_declares_it()
            => Assert.That(await FindingsAsync(Database(Numbers + ", " + Tiny)), Is.EqualTo(new[]
            {
                "DRIFT026 " + ContextLine + " DbContext 'BillingContext': sequence billing.legacy_hilo is declared in the model (UseHiLo) but missing in the database: inserts that take a value from it fail: the sequence does not exist (model snapshot BillingContextModelSnapshot.cs; snapshot app.json (database billing))",
                "DRIFT026 " + ContextLine + " DbContext 'BillingContext': sequence public.invoice_hilo is bigint, increment 10 in the model (HasSequence) but missing in the database: inserts that take a value from it fail: the sequence does not exist (model snapshot BillingContextModelSnapshot.cs; snapshot app.json (database billing))",
            }));

        [Test]
        public async Task A_changed_increment_or_type_is_reported()
        {
            Assert.That(await FindingsAsync(Database(All.Replace("\"increment\": 10 },", "\"increment\": 1 },", StringComparison.Ordinal))), Is.EqualTo(new[]
            {
                "DRIFT026 " + ContextLine + " DbContext 'BillingContext': sequence public.invoice_hilo is bigint, increment 10 in the model (HasSequence) but bigint, increment 1 in the database: each nextval moves by 1 instead of 10, so the blocks of keys EF Core's HiLo hands out overlap and inserts collide (model snapshot BillingContextModelSnapshot.cs; snapshot app.json (database billing))",
            }));
            Assert.That(await FindingsAsync(Database(All.Replace("\"increment\": 5", "\"increment\": 1", StringComparison.Ordinal))), Has.Length.EqualTo(1).And.Some.Contains("sequence billing.invoice_numbers is integer, increment 5 in the model (HasSequence) but integer, increment 1 in the database: each nextval moves by 1 instead of 5, so the values the application takes from it are not the ones the model says"));
            Assert.That(await FindingsAsync(Database(All.Replace("\"type\": \"smallint\"", "\"type\": \"bigint\"", StringComparison.Ordinal))), Has.Length.EqualTo(1).And.Some.Contains("sequence public.tiny is smallint, increment 1 in the model (HasSequence) but bigint, increment 1 in the database: its values and its limit are those of bigint, not of the model's smallint"));
            Assert.That(await FindingsAsync(Database(All.Replace("\"name\": \"legacy_hilo\", \"type\": \"bigint\", \"start\": 1, \"increment\": 10", "\"name\": \"legacy_hilo\", \"type\": \"integer\", \"start\": 1, \"increment\": 1", StringComparison.Ordinal))), Is.Empty, "the annotation alone says neither type nor increment");
        }

        [Test]
        public async Task A_database_behind_its_migrations_is_left_to_DRIFT015()
        {
            string History(string ids) => Database(string.Empty).Replace("\"domains\": [],", "\"domains\": [],\n  \"migrationHistory\": [{ \"schema\": \"public\", \"name\": \"__EFMigrationsHistory\", \"migrations\": [" + ids + "] }],", StringComparison.Ordinal);
            var behind = await FindingsAsync(History("\"20250101000000_Initial\""), withMigrations: true);
            Assert.That(behind.Select(f => f.Split(' ')[0]), Is.EqualTo(new[] { "DRIFT015" }), string.Join("\n", behind));
            var current = await FindingsAsync(History("\"20250101000000_Initial\", \"20250201000000_Sequences\""), withMigrations: true);
            Assert.That(current.Select(f => f.Split(' ')[0]), Is.EqualTo(new[] { "DRIFT026", "DRIFT026", "DRIFT026", "DRIFT026" }), string.Join("\n", current));
        }

        [Test]
        public async Task A_snapshot_that_did_not_record_sequences_says_nothing()
        {
            Assert.That(await FindingsAsync(Database(sequences: null, version: 2)), Is.Empty);
            Assert.That(await FindingsAsync(Database(sequences: null, version: 1)), Is.Empty);
        }

        [Test]
        public async Task A_sequence_outside_the_snapshots_schemas_is_not_checked()
        {
            Assert.That(await FindingsAsync(Database(sequences: string.Empty, schemas: "\"public\"")), Has.Length.EqualTo(2).And.All.Contains("sequence public."), "billing is out of scope");
            Assert.That(await FindingsAsync(Database(sequences: string.Empty, schemas: "\"billing\", \"public\"")), Has.Length.EqualTo(4));
        }

        [Test]
        public async Task The_models_default_schema_places_sequences_declared_without_one()
        {
            string inApp = ModelSnapshot.Replace("modelBuilder\n", "modelBuilder\n                .HasDefaultSchema(\"app\")\n", StringComparison.Ordinal);
            Assert.That(inApp, Is.Not.EqualTo(ModelSnapshot));
            var findings = await FindingsAsync(Database(), inApp);
            Assert.That(findings.Where(f => f.StartsWith("DRIFT026", StringComparison.Ordinal)).Select(f => f.Split(' ')[5]), Is.EqualTo(new[] { "app.invoice_hilo", "app.tiny" }), "the sequences public holds are not app's");
        }

        [Test]
        public async Task A_snapshot_of_another_provider_says_nothing()
            => Assert.That(await FindingsAsync(Database(string.Empty), ModelSnapshot.Replace("NpgsqlModelBuilderExtensions.UseIdentityByDefaultColumns(modelBuilder);", string.Empty, StringComparison.Ordinal).Replace("NpgsqlPropertyBuilderExtensions.UseHiLo(b.Property<long>(\"Id\"), \"invoice_hilo\");", string.Empty, StringComparison.Ordinal).Replace("Npgsql:HiLoSequence", "SqlServer:HiLoSequence", StringComparison.Ordinal).Replace("using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;", string.Empty, StringComparison.Ordinal).Replace("63);", "128);", StringComparison.Ordinal)), Is.Empty);
    }
}
