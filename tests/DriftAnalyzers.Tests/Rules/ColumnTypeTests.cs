using System.Threading.Tasks;
using DriftAnalyzers.CodeFixes;
using DriftAnalyzers.Rules;
using DriftAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using NUnit.Framework;

namespace DriftAnalyzers.Tests.Rules
{
    public sealed class ColumnTypeTests
    {
        private const string Context = "public class AppDbContext : DbContext\n{\n    public DbSet<ExpertProfile> ExpertProfiles => Set<ExpertProfile>();\n}\n\n";

        private static DriftTest<ColumnTypeAnalyzer, ColumnTypeFixer> Test(string entity, string fixedEntity, params string[] columns) => new()
        {
            TestCode = Usings.EfCore + Context + entity,
            FixedCode = Usings.EfCore + Context + fixedEntity,
            Snapshot = new SnapshotJson().Table("public", "expert_profiles", columns).ToString(),
            EditorConfig = "drift_analyzers.naming_convention = snake_case",
        };

        private static DiagnosticResult Drift001(int marker, string property, string declared, string storeType, string column, string columnType, string note = "")
            => new DiagnosticResult(Descriptors.ColumnTypeMismatch)
                .WithLocation(marker)
                .WithArguments("ExpertProfile", property, declared, storeType, "public", "expert_profiles", column, columnType, note, "app.json (database app)")
                .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations);

        [Test]
        public async Task Guid_property_on_an_integer_column_becomes_int()
        {
            var test = Test(
                "public class ExpertProfile\n{\n    public int Id { get; set; }\n    public Guid {|#0:UserId|} { get; set; }\n}\n",
                "public class ExpertProfile\n{\n    public int Id { get; set; }\n    public int UserId { get; set; }\n}\n",
                "id integer",
                "user_id integer");
            test.ExpectedDiagnostics.Add(Drift001(0, "UserId", "Guid", "uuid", "user_id", "integer"));
            await test.RunAsync();
        }

        [Test]
        public async Task A_property_that_hides_a_base_property_is_the_one_mapped()
        {
            // EF Core maps the most derived declaration: the base's int Code (which would disagree too) is hidden by the entity's Guid Code.
            var test = Test(
                "public class ProfileBase\n{\n    public int Id { get; set; }\n    public int Code { get; set; }\n    public string Note { get; set; } = \"\";\n}\n\npublic class ExpertProfile : ProfileBase\n{\n    public new Guid {|#0:Code|} { get; set; }\n}\n",
                "public class ProfileBase\n{\n    public int Id { get; set; }\n    public int Code { get; set; }\n    public string Note { get; set; } = \"\";\n}\n\npublic class ExpertProfile : ProfileBase\n{\n    public new string Code { get; set; }\n}\n",
                "id integer",
                "code text",
                "note text");
            test.ExpectedDiagnostics.Add(Drift001(0, "Code", "Guid", "uuid", "code", "text"));
            await test.RunAsync();
        }

        [Test]
        public async Task The_additional_location_is_the_columns_line_in_the_snapshot()
        {
            const string Entity = "public class ExpertProfile\n{\n    public int Id { get; set; }\n    public Guid {|#0:UserId|} { get; set; } = Guid.NewGuid();\n}\n";
            var test = Test(Entity, Entity, "id integer", "user_id integer");
            test.ExpectedDiagnostics.Add(new DiagnosticResult(Descriptors.ColumnTypeMismatch)
                .WithLocation(0)
                .WithSpan(DriftTest<ColumnTypeAnalyzer, ColumnTypeFixer>.SnapshotPath, 14, 9, 14, 68)
                .WithArguments("ExpertProfile", "UserId", "Guid", "uuid", "public", "expert_profiles", "user_id", "integer", string.Empty, "app.json (database app)"));
            await test.RunAsync();
        }

        [Test]
        public async Task Nullable_value_types_stay_nullable_and_trivia_is_kept()
        {
            var test = Test(
                "public class ExpertProfile\n{\n    public int Id { get; set; }\n\n    /// <summary>The owner.</summary>\n    public Guid? {|#0:UserId|} { get; set; } // legacy\n}\n",
                "public class ExpertProfile\n{\n    public int Id { get; set; }\n\n    /// <summary>The owner.</summary>\n    public int? UserId { get; set; } // legacy\n}\n",
                "id integer",
                "user_id integer null");
            test.ExpectedDiagnostics.Add(Drift001(0, "UserId", "Guid?", "uuid", "user_id", "integer"));
            await test.RunAsync();
        }

        [Test]
        public async Task Compatible_pairs_are_silent()
        {
            const string Entity = "public enum Plan { Free, Pro }\n\npublic class ExpertProfile\n{\n"
                + "    public int Id { get; set; }\n    public long Big { get; set; }\n    public short Small { get; set; }\n"
                + "    public string Name { get; set; }\n    public string Code { get; set; }\n    public bool Active { get; set; }\n"
                + "    public decimal Rate { get; set; }\n    public double Ratio { get; set; }\n    public float Score { get; set; }\n"
                + "    public DateTime CreatedAt { get; set; }\n    public DateTime LocalAt { get; set; }\n    public DateTimeOffset SeenAt { get; set; }\n"
                + "    public DateOnly Day { get; set; }\n    public TimeOnly At { get; set; }\n    public TimeSpan Span { get; set; }\n"
                + "    public Guid Key { get; set; }\n    public byte[] Raw { get; set; }\n    public string[] Tags { get; set; }\n"
                + "    public List<int> Scores { get; set; }\n    public Plan Plan { get; set; }\n    public int? Maybe { get; set; }\n"
                + "    public System.Text.Json.JsonDocument Payload { get; set; }\n"
                + "    [Column(TypeName = \"jsonb\")] public string Settings { get; set; }\n"
                + "    public string Email { get; set; }\n"
                + "}\n";
            await Test(
                Entity,
                Entity,
                "id integer", "big bigint", "small smallint", "name character varying(255)", "code character(3)", "active boolean",
                "rate numeric(10,2)", "ratio double precision", "score real", "created_at timestamp with time zone",
                "local_at timestamp without time zone", "seen_at timestamp with time zone", "day date", "at time without time zone",
                "span interval", "key uuid", "raw bytea", "tags text[]", "scores integer[]", "plan integer", "maybe integer null",
                "payload jsonb", "settings jsonb", "email public.email_address").RunAsync();
        }

        [Test]
        public async Task Unknown_clr_and_column_types_are_silent()
        {
            const string Entity = "public class ExpertProfile\n{\n    public int Id { get; set; }\n"
                + "    public System.Net.IPAddress Address { get; set; }\n    public int Location { get; set; }\n}\n";
            await Test(Entity, Entity, "id integer", "address integer", "location public.geometry").RunAsync();
        }

        [Test]
        public async Task An_int_on_a_bigint_column_is_lossy_and_becomes_long()
        {
            var test = Test(
                "public class ExpertProfile\n{\n    public int {|#0:Id|} { get; set; }\n}\n",
                "public class ExpertProfile\n{\n    public long Id { get; set; }\n}\n",
                "id bigint");
            test.ExpectedDiagnostics.Add(Drift001(0, "Id", "int", "integer", "id", "bigint", " (an int cannot hold every bigint value)"));
            await test.RunAsync();
        }

        [Test]
        public async Task A_nullable_long_on_an_integer_column_says_the_column_is_the_narrower_and_becomes_nullable_int()
        {
            var test = Test(
                "public class ExpertProfile\n{\n    public int Id { get; set; }\n    public long? {|#0:Views|} { get; set; }\n}\n",
                "public class ExpertProfile\n{\n    public int Id { get; set; }\n    public int? Views { get; set; }\n}\n",
                "id integer",
                "views integer null");
            test.ExpectedDiagnostics.Add(Drift001(0, "Views", "long?", "bigint", "views", "integer", " (the column's integer cannot hold every long value: larger ones fail on insert)"));
            await test.RunAsync();
        }

        [Test]
        public async Task A_declared_column_type_is_compared_and_fixed_too()
        {
            var test = Test(
                "public class ExpertProfile\n{\n    public int Id { get; set; }\n    [Column(TypeName = \"uuid\")]\n    public Guid {|#0:UserId|} { get; set; }\n}\n",
                "public class ExpertProfile\n{\n    public int Id { get; set; }\n    [Column(TypeName = \"integer\")]\n    public int UserId { get; set; }\n}\n",
                "id integer",
                "user_id integer");
            test.ExpectedDiagnostics.Add(Drift001(0, "UserId", "Guid", "uuid", "user_id", "integer"));
            await test.RunAsync();
        }

        [Test]
        public async Task A_declared_column_type_alone_is_rewritten_when_the_clr_type_is_right()
        {
            var test = Test(
                "public class ExpertProfile\n{\n    public int Id { get; set; }\n    [Column(TypeName = \"json\")]\n    public string {|#0:Settings|} { get; set; }\n}\n",
                "public class ExpertProfile\n{\n    public int Id { get; set; }\n    [Column(TypeName = \"jsonb\")]\n    public string Settings { get; set; }\n}\n",
                "id integer",
                "settings jsonb");
            test.ExpectedDiagnostics.Add(Drift001(0, "Settings", "string", "json", "settings", "jsonb"));
            await test.RunAsync();
        }

        [Test]
        public async Task A_string_on_jsonb_without_a_declared_type_is_reported_without_a_fix()
        {
            const string Entity = "public class ExpertProfile\n{\n    public int Id { get; set; }\n    public string {|#0:Settings|} { get; set; }\n}\n";
            var test = Test(Entity, Entity, "id integer", "settings jsonb");
            test.ExpectedDiagnostics.Add(Drift001(0, "Settings", "string", "text", "settings", "jsonb"));
            await test.RunAsync();
        }

        [Test]
        public async Task A_property_with_an_initializer_is_reported_but_not_rewritten()
        {
            const string Entity = "public class ExpertProfile\n{\n    public int Id { get; set; }\n    public Guid {|#0:UserId|} { get; set; } = Guid.NewGuid();\n}\n";
            var test = Test(Entity, Entity, "id integer", "user_id integer");
            test.ExpectedDiagnostics.Add(Drift001(0, "UserId", "Guid", "uuid", "user_id", "integer"));
            await test.RunAsync();
        }

        [Test]
        public async Task Under_nullable_annotations_a_reference_target_gets_an_initializer_or_a_question_mark()
        {
            var test = Test(
                "#nullable enable\npublic class ExpertProfile\n{\n    public int Id { get; set; }\n    public Guid {|#0:Code|} { get; set; }\n    public Guid? {|#1:Note|} { get; set; }\n}\n",
                "#nullable enable\npublic class ExpertProfile\n{\n    public int Id { get; set; }\n    public string Code { get; set; } = null!;\n    public string? Note { get; set; }\n}\n",
                "id integer",
                "code text",
                "note text null");
            test.ExpectedDiagnostics.Add(Drift001(0, "Code", "Guid", "uuid", "code", "text"));
            test.ExpectedDiagnostics.Add(Drift001(1, "Note", "Guid?", "uuid", "note", "text"));
            await test.RunAsync();
        }

        [Test]
        public async Task Types_outside_System_are_imported()
        {
            var test = Test(
                "namespace Models\n{\n    public class Holder { }\n}\n",
                "namespace Models\n{\n    public class Holder { }\n}\n",
                "id integer");
            test.TestState.Sources.Add(("/Entity.cs", "using Microsoft.EntityFrameworkCore;\n\npublic class ExpertProfile\n{\n    public int Id { get; set; }\n    public string {|#0:Key|} { get; set; }\n}\n"));
            test.FixedState.Sources.Add(("/Entity.cs", "using System;\nusing Microsoft.EntityFrameworkCore;\n\npublic class ExpertProfile\n{\n    public int Id { get; set; }\n    public Guid Key { get; set; }\n}\n"));
            test.TestState.AdditionalFiles.Clear();
            test.Snapshot = new SnapshotJson().Table("public", "expert_profiles", "id integer", "key uuid").ToString();
            test.ExpectedDiagnostics.Add(Drift001(0, "Key", "string", "text", "key", "uuid"));
            await test.RunAsync();
        }

        [Test]
        public async Task Fix_all_rewrites_every_property_in_every_document()
        {
            var test = new DriftTest<ColumnTypeAnalyzer, ColumnTypeFixer>
            {
                Snapshot = new SnapshotJson()
                    .Table("public", "expert_profiles", "id integer", "user_id integer", "owner_id integer null")
                    .Table("public", "subscriptions", "id integer", "user_id bigint")
                    .ToString(),
                EditorConfig = "drift_analyzers.naming_convention = snake_case",
            };
            test.TestState.Sources.Add(("/Context.cs", Usings.EfCore + "public class AppDbContext : DbContext\n{\n    public DbSet<ExpertProfile> ExpertProfiles => Set<ExpertProfile>();\n    public DbSet<Subscription> Subscriptions => Set<Subscription>();\n}\n"));
            test.TestState.Sources.Add(("/ExpertProfile.cs", "using System;\n\npublic class ExpertProfile\n{\n    public int Id { get; set; }\n    public Guid {|#0:UserId|} { get; set; }\n    public Guid? {|#1:OwnerId|} { get; set; }\n}\n"));
            test.TestState.Sources.Add(("/Subscription.cs", "using System;\n\npublic class Subscription\n{\n    public int Id { get; set; }\n    public Guid {|#2:UserId|} { get; set; }\n}\n"));
            test.FixedState.Sources.Add(("/Context.cs", Usings.EfCore + "public class AppDbContext : DbContext\n{\n    public DbSet<ExpertProfile> ExpertProfiles => Set<ExpertProfile>();\n    public DbSet<Subscription> Subscriptions => Set<Subscription>();\n}\n"));
            test.FixedState.Sources.Add(("/ExpertProfile.cs", "using System;\n\npublic class ExpertProfile\n{\n    public int Id { get; set; }\n    public int UserId { get; set; }\n    public int? OwnerId { get; set; }\n}\n"));
            test.FixedState.Sources.Add(("/Subscription.cs", "using System;\n\npublic class Subscription\n{\n    public int Id { get; set; }\n    public long UserId { get; set; }\n}\n"));
            test.ExpectedDiagnostics.Add(Drift001(0, "UserId", "Guid", "uuid", "user_id", "integer"));
            test.ExpectedDiagnostics.Add(Drift001(1, "OwnerId", "Guid?", "uuid", "owner_id", "integer"));
            test.ExpectedDiagnostics.Add(new DiagnosticResult(Descriptors.ColumnTypeMismatch).WithLocation(2)
                .WithArguments("Subscription", "UserId", "Guid", "uuid", "public", "subscriptions", "user_id", "bigint", string.Empty, "app.json (database app)")
                .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));
            test.NumberOfFixAllInDocumentIterations = 2;
            test.NumberOfFixAllIterations = 1;
            await test.RunAsync();
        }

        [Test]
        public async Task Fluent_configuration_is_evaluated_and_wins_over_annotations()
        {
            // The DbSet name says "Profiles"; ToTable says expert_profiles; HasColumnName maps OwnerRef to user_id.
            const string Entity = "public class ExpertProfile\n{\n    public int Id { get; set; }\n    [Column(\"owner\")] public Guid {|#0:OwnerRef|} { get; set; }\n}\n"
                + "public class OtherDbContext : DbContext\n{\n    public DbSet<ExpertProfile> Profiles => Set<ExpertProfile>();\n"
                + "    protected override void OnModelCreating(ModelBuilder b) => b.Entity<ExpertProfile>(e =>\n    {\n        e.ToTable(\"expert_profiles\");\n        e.Property(p => p.OwnerRef).HasColumnName(\"user_id\");\n    });\n}\n";
            var test = Test(Entity, Entity.Replace("Guid {|#0:OwnerRef|}", "int OwnerRef", System.StringComparison.Ordinal), "id integer", "user_id integer");
            test.ExpectedDiagnostics.Add(Drift001(0, "OwnerRef", "Guid", "uuid", "user_id", "integer"));
            await test.RunAsync();
        }

        [Test]
        public async Task Configuration_classes_apply_when_the_context_applies_them()
        {
            const string Entity = "public class ExpertProfile\n{\n    public int Id { get; set; }\n    public Guid {|#0:Owner|} { get; set; }\n    public string Legacy { get; set; }\n}\n"
                + "public class ExpertProfileConfiguration : IEntityTypeConfiguration<ExpertProfile>\n{\n"
                + "    public void Configure(Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<ExpertProfile> builder)\n    {\n"
                + "        builder.ToTable(\"expert_profiles\", \"public\");\n        builder.Property(p => p.Owner).HasColumnName(\"user_id\");\n        builder.Ignore(p => p.Legacy);\n    }\n}\n"
                + "public class OtherDbContext : DbContext\n{\n    public DbSet<ExpertProfile> Profiles => Set<ExpertProfile>();\n"
                + "    protected override void OnModelCreating(ModelBuilder b) => b.ApplyConfigurationsFromAssembly(typeof(OtherDbContext).Assembly);\n}\n";
            var test = Test(Entity, Entity.Replace("Guid {|#0:Owner|}", "int Owner", System.StringComparison.Ordinal), "id integer", "user_id integer");
            test.ExpectedDiagnostics.Add(Drift001(0, "Owner", "Guid", "uuid", "user_id", "integer"));
            await test.RunAsync();
        }

        [Test]
        public async Task HasConversion_to_a_known_provider_type_compares_the_provider_type()
        {
            const string Entity = "public enum Status { Active, Closed }\npublic class ExpertProfile\n{\n    public int Id { get; set; }\n    public Status {|#0:Status|} { get; set; }\n    public Status Other { get; set; }\n}\n"
                + "public class OtherDbContext : DbContext\n{\n    public DbSet<ExpertProfile> ExpertProfiles => Set<ExpertProfile>();\n"
                + "    protected override void OnModelCreating(ModelBuilder b)\n    {\n        b.Entity<ExpertProfile>().Property(p => p.Status).HasConversion<string>();\n"
                + "        b.Entity<ExpertProfile>().Property(p => p.Other).HasConversion(v => v.ToString(), v => Enum.Parse<Status>(v));\n    }\n}\n";
            var test = Test(Entity, Entity, "id integer", "status integer", "other uuid");
            test.ExpectedDiagnostics.Add(Drift001(0, "Status", "Status", "text", "status", "integer"));
            await test.RunAsync();
        }

        [Test]
        public async Task A_property_inherited_from_a_plain_base_class_is_reported_where_it_is_declared()
        {
            var test = Test(
                "public abstract class Owned\n{\n    public Guid {|#0:UserId|} { get; set; }\n}\n\npublic class ExpertProfile : Owned\n{\n    public int Id { get; set; }\n}\n",
                "public abstract class Owned\n{\n    public int UserId { get; set; }\n}\n\npublic class ExpertProfile : Owned\n{\n    public int Id { get; set; }\n}\n",
                "id integer",
                "user_id integer");
            test.ExpectedDiagnostics.Add(Drift001(0, "UserId", "Guid", "uuid", "user_id", "integer"));
            await test.RunAsync();
        }
    }
}
