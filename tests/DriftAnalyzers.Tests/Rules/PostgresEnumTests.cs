using System.Threading.Tasks;
using DriftAnalyzers.Model;
using DriftAnalyzers.Rules;
using DriftAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Npgsql.NameTranslation;
using NUnit.Framework;

namespace DriftAnalyzers.Tests.Rules
{
    /// <summary>CLR enums mapped to PostgreSQL enums (MapEnum, HasPostgresEnum): the type and its labels are compared.</summary>
    public sealed class PostgresEnumTests
    {
        private static DriftTest<ColumnTypeAnalyzer, EmptyCodeFixProvider> Test(string enumDeclaration, string mapping, string columnType = "public.mood")
            => new()
            {
                TestCode = Usings.EfCore + enumDeclaration
                    + "public class AppDbContext : DbContext\n{\n    public DbSet<Diary> Diaries => Set<Diary>();\n"
                    + "    protected override void OnConfiguring(DbContextOptionsBuilder o) => o.UseNpgsql(\"Host=x\", n => n" + mapping + ");\n}\n"
                    + "public class Diary\n{\n    public int Id { get; set; }\n    public Mood {|#0:Mood|} { get; set; }\n}\n",
                Snapshot = new SnapshotJson().Table("public", "Diaries", "Id integer", "Mood " + columnType).Enum("public", "mood", "sad", "meh", "ok", "very_happy").ToString(),
            };

        /// <param name="mappedTo">The PostgreSQL enum the code maps Mood to: the message names it, not the integer an unmapped enum is stored as.</param>
        private static DiagnosticResult Drift001(string note, string mappedTo = "public.mood")
            => new DiagnosticResult(Descriptors.ColumnTypeMismatch).WithLocation(0)
                .WithArguments("Diary", "Mood", "Mood", mappedTo, "public", "Diaries", "Mood", "public.mood", " (" + note + ")", "app.json (database app)")
                .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations);

        [Test]
        public async Task Labels_are_compared_as_Npgsql_writes_them()
        {
            var test = Test("public enum Mood { Sad, Ok, VeryHappy, Ecstatic }\n", ".MapEnum<Mood>()");
            test.ExpectedDiagnostics.Add(Drift001("labels the database lacks: ecstatic; labels the code lacks: meh"));
            await test.RunAsync();
        }

        [Test]
        public async Task PgName_overrides_a_label_and_agreeing_enums_are_silent()
            => await Test("public enum Mood { Sad, Meh, Ok, [NpgsqlTypes.PgName(\"very_happy\")] Delighted }\n", ".MapEnum<Mood>(\"mood\")").RunAsync();

        [Test]
        public async Task An_enum_mapped_to_another_type_is_reported()
        {
            var test = Test("public enum Mood { Sad, Meh, Ok, VeryHappy }\n", ".MapEnum<Mood>(\"feelings\")");
            test.ExpectedDiagnostics.Add(Drift001("the enum is mapped to public.feelings", "public.feelings"));
            await test.RunAsync();
        }

        [Test]
        public async Task Unmapped_enums_and_custom_name_translators_are_not_judged()
        {
            await Test("public enum Mood { Sad, Happy }\n", ".CommandTimeout(5)").RunAsync();
            await Test("public enum Mood { Sad, Happy }\n", ".MapEnum<Mood>(\"mood\", \"public\", new Npgsql.NameTranslation.NpgsqlNullNameTranslator())").RunAsync();
        }

        [TestCase("Mood")]
        [TestCase("VeryHappy")]
        [TestCase("SubscriptionPlan")]
        [TestCase("HTMLPage")]
        [TestCase("ABC")]
        [TestCase("Version2")]
        [TestCase("already_snake")]
        public void Our_snake_case_is_Npgsqls_default_translation(string name)
            => Assert.That(NamingConvention.SnakeCase.Rewrite(name), Is.EqualTo(new NpgsqlSnakeCaseNameTranslator().TranslateMemberName(name)));
    }
}
