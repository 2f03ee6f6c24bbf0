using System.Threading.Tasks;
using DriftAnalyzers.Rules;
using DriftAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using NUnit.Framework;

namespace DriftAnalyzers.Tests.Rules
{
    /// <summary>DRIFT010 (snapshot problems) and DRIFT013 (what is not analyzed): never an exception, always a place.</summary>
    public sealed class SnapshotAndContextTests
    {
        private const string Code = "public class {|#0:AppDbContext|} : DbContext\n{\n    public DbSet<User> Users => Set<User>();\n}\npublic class User { public int Id { get; set; } }\n";

        private static DriftTest<TAnalyzer, EmptyCodeFixProvider> Test<TAnalyzer>(string code = Code)
            where TAnalyzer : Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer, new()
            => new() { TestCode = Usings.EfCore + code };

        [Test]
        public async Task No_snapshot_while_entities_exist_is_said_once_on_the_context()
        {
            var test = Test<SnapshotAnalyzer>();
            test.ExpectedDiagnostics.Add(new DiagnosticResult(Descriptors.SnapshotProblem).WithLocation(0).WithArguments(
                "DbContext 'AppDbContext' maps 1 entity but no schema snapshot is among the AdditionalFiles, so none is checked: take one with 'drift snapshot --output schema-snapshots/<database>.json' (the DriftAnalyzers package picks up the nearest schema-snapshots folder)"));
            await test.RunAsync();
        }

        /// <summary>The package's targets pass a DriftSnapshotPath that does not exist as DriftSnapshotPathMissing (not the compiler's raw CS2001).</summary>
        [Test]
        public async Task A_DriftSnapshotPath_that_does_not_exist_is_named()
        {
            var test = Test<SnapshotAnalyzer>();
            test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\nbuild_property.DriftSnapshotPathMissing = db/app.json\n"));
            test.ExpectedDiagnostics.Add(new DiagnosticResult(Descriptors.SnapshotProblem).WithLocation(0).WithArguments(
                "DbContext 'AppDbContext' maps 1 entity but the MSBuild property DriftSnapshotPath is 'db/app.json', which does not exist, so none is checked: point it at a snapshot file, a folder of them or a glob (relative to the project), or take the snapshot there with 'drift snapshot --output db/app.json'"));
            await test.RunAsync();
        }

        [Test]
        public async Task Invalid_json_is_reported_in_the_file_with_line_and_column()
        {
            var test = Test<SnapshotAnalyzer>(Code.Replace("{|#0:AppDbContext|}", "AppDbContext", System.StringComparison.Ordinal));
            test.TestState.AdditionalFiles.Add(("/schema-snapshots/app.json", "{\n  \"format\": \"drift-schema-snapshot\",\n  \"version\": 1,,\n}\n"));
            test.ExpectedDiagnostics.Add(new DiagnosticResult(Descriptors.SnapshotProblem).WithSpan("/schema-snapshots/app.json", 3, 16, 3, 17).WithArguments(
                "Schema snapshot app.json cannot be read: unexpected ',', expected a property name in double quotes (line 3, column 16); its entities are not checked until it is fixed or taken again with 'drift snapshot'"));
            await test.RunAsync();
        }

        [Test]
        public async Task An_unknown_format_version_is_reported()
        {
            var test = Test<SnapshotAnalyzer>(Code.Replace("{|#0:AppDbContext|}", "AppDbContext", System.StringComparison.Ordinal));
            test.TestState.AdditionalFiles.Add(("/schema-snapshots/app.json", new SnapshotJson().ToString().Replace("\"version\": 1", "\"version\": 7", System.StringComparison.Ordinal)));
            test.ExpectedDiagnostics.Add(new DiagnosticResult(Descriptors.SnapshotProblem).WithSpan("/schema-snapshots/app.json", 3, 14, 3, 16).WithArguments(
                "Schema snapshot app.json cannot be read: unknown snapshot format version 7; this version of DriftAnalyzers reads versions 1 to 3 (line 3, column 14); its entities are not checked until it is fixed or taken again with 'drift snapshot'"));
            await test.RunAsync();
        }

        [Test]
        public async Task Two_snapshots_of_one_database_are_reported_at_the_second()
        {
            var test = Test<SnapshotAnalyzer>(Code.Replace("{|#0:AppDbContext|}", "AppDbContext", System.StringComparison.Ordinal));
            test.TestState.AdditionalFiles.Add(("/schema-snapshots/a.json", new SnapshotJson("app").Table("public", "Users", "Id integer").ToString()));
            test.TestState.AdditionalFiles.Add(("/schema-snapshots/b.json", new SnapshotJson("app").Table("public", "Users", "Id integer").ToString()));
            test.ExpectedDiagnostics.Add(new DiagnosticResult(Descriptors.SnapshotProblem).WithSpan("/schema-snapshots/b.json", 1, 1, 1, 2).WithArguments(
                "Schema snapshots a.json and b.json are both of database app; its entities are not checked until only one of them is among the AdditionalFiles"));
            await test.RunAsync();
        }

        [Test]
        public async Task Snapshots_of_different_databases_may_share_table_names()
        {
            var test = Test<SnapshotAnalyzer>(Code.Replace("{|#0:AppDbContext|}", "AppDbContext", System.StringComparison.Ordinal));
            test.TestState.AdditionalFiles.Add(("/schema-snapshots/a.json", new SnapshotJson("one").Table("public", "Users", "Id integer").ToString()));
            test.TestState.AdditionalFiles.Add(("/schema-snapshots/b.json", new SnapshotJson("two").Table("public", "Users", "Id integer").ToString()));
            await test.RunAsync();
        }

        [Test]
        public async Task Other_json_files_and_the_json_schema_are_not_snapshots()
        {
            var test = Test<SnapshotAnalyzer>(Code.Replace("{|#0:AppDbContext|}", "AppDbContext", System.StringComparison.Ordinal));
            test.TestState.AdditionalFiles.Add(("/schema-snapshots/app.json", new SnapshotJson().Table("public", "Users", "Id integer").ToString()));
            test.TestState.AdditionalFiles.Add(("/schema-snapshots/drift-snapshot.schema.json", "{ \"properties\": { \"format\": { \"const\": \"drift-schema-snapshot\" } } }"));
            test.TestState.AdditionalFiles.Add(("/appsettings.json", "{ \"broken\": "));
            await test.RunAsync();
        }

        [Test]
        public async Task Without_EF_Core_nothing_is_registered()
        {
            var test = new DriftTest<SnapshotAnalyzer, EmptyCodeFixProvider> { TestCode = "public class AppDbContext { }\n" };
            test.TestState.AdditionalReferences.Clear();
            test.TestState.AdditionalReferences.AddRange(References.FrameworkOnly);
            test.TestState.AdditionalFiles.Add(("/schema-snapshots/app.json", "{ \"format\": \"drift-schema-snapshot\", broken"));
            await test.RunAsync();
        }

        [Test]
        public async Task Names_computed_at_run_time_are_said_once_on_the_context()
        {
            const string Fluent = "public class {|#0:AppDbContext|} : DbContext\n{\n    public static string Prefix = \"app_\";\n    public DbSet<User> Users => Set<User>();\n    public DbSet<Order> Orders => Set<Order>();\n"
                + "    protected override void OnModelCreating(ModelBuilder b) => b.Entity<User>(e => e.ToTable(Prefix + \"users\"));\n}\n"
                + "public class User { public int Id { get; set; } }\npublic class Order { public int Id { get; set; } }\n";
            var test = Test<MappingNotAnalyzedAnalyzer>(Fluent);
            test.TestState.AdditionalFiles.Add(("/schema-snapshots/app.json", new SnapshotJson().ToString()));
            test.ExpectedDiagnostics.Add(new DiagnosticResult(Descriptors.MappingNotAnalyzed).WithLocation(0).WithArguments(
                "AppDbContext",
                "1 of its 2 entities are not checked: User (ToTable is given a name computed at run time)"));
            await test.RunAsync();
        }

        [Test]
        public async Task Model_wide_renames_make_the_whole_context_not_analyzed()
        {
            const string Renames = "public class {|#0:AppDbContext|} : DbContext\n{\n    public DbSet<User> Users => Set<User>();\n"
                + "    protected override void OnModelCreating(ModelBuilder b)\n    {\n        foreach (var e in b.Model.GetEntityTypes()) e.SetTableName(e.GetTableName()!.ToLowerInvariant());\n    }\n}\n"
                + "public class User { public int Id { get; set; } }\n";
            var test = Test<MappingNotAnalyzedAnalyzer>(Renames);
            test.TestState.AdditionalFiles.Add(("/schema-snapshots/app.json", new SnapshotJson().ToString()));
            test.ExpectedDiagnostics.Add(new DiagnosticResult(Descriptors.MappingNotAnalyzed).WithLocation(0).WithArguments(
                "AppDbContext",
                "its entities (User) are not checked: OnModelCreating calls SetTableName, which changes table names in code the analyzers cannot evaluate; with migrations (dotnet ef migrations add), the analyzers read the model EF Core built from their model snapshot instead"));
            await test.RunAsync();

            var silent = new DriftTest<MissingTableAnalyzer, EmptyCodeFixProvider> { TestCode = Usings.EfCore + Renames.Replace("{|#0:AppDbContext|}", "AppDbContext", System.StringComparison.Ordinal) };
            silent.TestState.AdditionalFiles.Add(("/schema-snapshots/app.json", new SnapshotJson().ToString()));
            await silent.RunAsync();
        }
    }
}
