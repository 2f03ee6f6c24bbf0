using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using NUnit.Framework;

namespace DriftAnalyzers.Tests.ProjectCorpus
{
    /// <summary>
    /// The analyzers measured on the realistic corpus of tests/Corpus (issue 17; docs/corpus.md). Each project is compiled
    /// in memory from its real files, its database is created by its own committed migrations on the run's one PostgreSQL
    /// server and snapshotted with the real CLI, and all analyzers run over every compilation. Expected: only the listed
    /// true findings on the untouched database, and each of the five injected drifts caught by the right rule on the
    /// right declaration (file and line), with nothing else new.
    /// Category "Corpus": run alone with <c>dotnet test tests/DriftAnalyzers.Tests -c Release --filter TestCategory=Corpus</c>.
    /// The same projects read without their migrations (the static reading alone, as for a project without migrations) must
    /// give no false warning either; what that reading catches is measured and printed (docs/corpus.md).
    /// </summary>
    [Category("Corpus")]
    [NonParallelizable]
    public sealed class CorpusTests
    {
        public static IEnumerable<TestCaseData> Projects()
            => CorpusProjects.All.Select(p => new TestCaseData(p.Name).SetArgDisplayNames(p.Name));

        public static IEnumerable<TestCaseData> MigratedProjects()
            => CorpusProjects.All.Where(p => p.Migrated.Any()).Select(p => new TestCaseData(p.Name).SetArgDisplayNames(p.Name));

        public static IEnumerable<TestCaseData> Drifts()
            => CorpusProjects.All.SelectMany(p => p.Drifts.Select(d => new TestCaseData(p.Name, d.Rule).SetArgDisplayNames(p.Name, d.Rule)));

        [TestCaseSource(nameof(MigratedProjects))]
        public async Task The_committed_migrations_create_the_database_and_are_current(string name)
        {
            var project = Project(name);
            var state = await CorpusWorkspace.GetAsync(project);

            // Migrate() applied every migration (checked while creating the database); nothing in the model is missing from them.
            Assert.That(state.PendingModelChanges.Where(p => p.Value).Select(p => p.Key), Is.Empty, "contexts whose model has changed since their last migration (run tests/Corpus/regenerate-migrations)");
            Assert.That(state.PendingModelChanges.Keys, Is.EquivalentTo(project.Migrated.Select(c => c.TypeName)));
        }

        [TestCaseSource(nameof(Projects))]
        public async Task The_untouched_database_gives_only_the_true_findings(string name)
        {
            var project = Project(name);
            var state = await CorpusWorkspace.GetAsync(project);
            var expected = project.Untouched.Select(e => e.Resolve(project)).ToList();

            var missing = expected.Where(e => state.Untouched.All(f => f.Key != e)).ToList();
            var unexpected = state.Untouched.Where(f => !expected.Contains(f.Key)).ToList();

            Assert.That(
                missing.Count + unexpected.Count,
                Is.Zero,
                $"{name} ({project.Pattern}) on the untouched database ({(project.Migrated.Any() ? "created by its migrations" : "created by its database.sql")}):\n"
                + $"  false findings ({unexpected.Count}):\n{Finding.List(unexpected)}"
                + $"  expected true findings not reported ({missing.Count}):\n{string.Concat(missing.Select(m => "    " + m + "\n"))}"
                + $"  all findings:\n{Finding.List(state.Untouched)}");
        }

        [TestCaseSource(nameof(Drifts))]
        public async Task An_injected_drift_is_caught_by_its_rule_on_its_declaration(string name, string rule)
        {
            var project = Project(name);
            var drift = project.Drifts.Single(d => d.Rule == rule);
            var state = await CorpusWorkspace.GetAsync(project);
            var expected = drift.Expected.Select(e => e.Resolve(project)).ToList();

            var drifted = await state.AnalyzeDriftAsync(drift);

            // What the drift added, compared with the untouched database's findings (false ones there fail the other test).
            // Caught means added: a finding that was already there on the untouched database (a false one) catches nothing.
            var added = Subtract(drifted, state.Untouched);
            var missing = expected.Where(e => added.All(f => f.Key != e)).ToList();
            var extra = added.Where(f => !expected.Contains(f.Key)).ToList();

            Assert.That(
                missing.Count + extra.Count,
                Is.Zero,
                $"{name} ({project.Pattern}), drift: {drift.What}\n"
                + $"  not caught (not among the findings the drift added) ({missing.Count}):\n{string.Concat(missing.Select(m => "    " + m + "\n"))}"
                + $"  new findings that are not the drift ({extra.Count}):\n{Finding.List(extra)}"
                + $"  all findings on the drifted database:\n{Finding.List(drifted)}");
        }

        /// <summary>
        /// Without the model snapshot (a project without migrations), the static reading may know less, and then says so with
        /// DRIFT013, but it never reports a false warning: neither on the untouched database nor added by an injected drift.
        /// </summary>
        [TestCaseSource(nameof(Projects))]
        public async Task Without_migrations_the_static_reading_gives_no_false_warning(string name)
        {
            var project = Project(name);
            var state = await CorpusWorkspace.GetAsync(project);
            var trueFindings = project.Untouched.Select(e => e.Resolve(project)).ToHashSet();
            var untouched = await state.AnalyzeAsync(state.Snapshot, withoutMigrations: true);
            var falseWarnings = untouched.Where(f => f.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Warning && !trueFindings.Contains(f.Key)).ToList();
            int caught = 0;
            var report = new StringBuilder();
            foreach (var drift in project.Drifts)
            {
                // Without the model snapshot nothing says what the migrations create: a column changed after them (DRIFT017 with
                // it) is the column rule's finding (the drift's own rule).
                var expected = drift.Expected.Select(e => (e.Id == "DRIFT017" ? e with { Id = drift.Rule } : e).Resolve(project)).ToList();
                var added = Subtract(await state.AnalyzeDriftAsync(drift, withoutMigrations: true), untouched);
                falseWarnings.AddRange(added.Where(f => f.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Warning && !expected.Contains(f.Key)));
                bool found = expected.All(e => added.Any(f => f.Key == e));
                caught += found ? 1 : 0;
                report.Append(' ').Append(drift.Rule).Append(found ? " caught" : " missed").Append(';');
            }

            TestContext.Out.WriteLine($"{name} without migrations: {untouched.Count(f => f.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Info)} info, {falseWarnings.Count} false warnings; drifts caught {caught}/{project.Drifts.Count}:{report}");
            foreach (var info in untouched.Where(f => f.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Info))
            {
                TestContext.Out.WriteLine("  " + info);
            }

            Assert.That(falseWarnings, Is.Empty, $"{name} without migrations: false warnings\n{Finding.List(falseWarnings)}");
        }

        [Test]
        public async Task EF_Core_rejects_the_model_of_the_table_claimed_twice()
        {
            var project = CorpusProjects.All.Single(p => p.ModelRejected);
            var state = await CorpusWorkspace.GetAsync(project);
            using var context = state.CreateContext(project.Contexts.Single(), CorpusServer.Server.ConnectionString(project.DatabaseName));

            var e = Assert.Throws<InvalidOperationException>(() => _ = context.Model);
            Assert.That(e!.Message, Does.Contain("invoices"));
        }

        /// <summary>
        /// The helper the EF Core agreement check uses (<see cref="EfCoreResolvedModel"/>) resolves what the migrations
        /// created: every table column of every migrated context is in the database with EF Core's type, nullability and key.
        /// </summary>
        [TestCaseSource(nameof(MigratedProjects))]
        public async Task EF_Core_resolved_model_is_the_database_the_migrations_create(string name)
        {
            var project = Project(name);
            var state = await CorpusWorkspace.GetAsync(project);
            var models = await EfCoreResolvedModel.ForProjectAsync(project);
            var database = DatabaseColumns.Read(state.Snapshot);
            var problems = new StringBuilder();
            int checkedColumns = 0;
            foreach (var context in project.Migrated)
            {
                foreach (var column in models[context.TypeName].Where(c => !c.IsView && !c.IsExcludedFromMigrations))
                {
                    checkedColumns++;
                    string table = (column.Schema ?? "public") + "." + column.Table;
                    if (!database.TryGetValue((table, column.Column), out var actual))
                    {
                        problems.AppendLine($"{column.EntityType}.{column.Property}: {table}.{column.Column} is not in the database");
                        continue;
                    }

                    if (!string.Equals(actual.Type, column.StoreType, StringComparison.OrdinalIgnoreCase) || actual.Nullable != column.IsNullable || (column.IsPrimaryKey && !actual.PrimaryKey))
                    {
                        problems.AppendLine($"{column.EntityType}.{column.Property}: EF Core {column.StoreType}{(column.IsNullable ? " null" : "")}{(column.IsPrimaryKey ? " key" : "")}, database {actual.Type}{(actual.Nullable ? " null" : "")}{(actual.PrimaryKey ? " key" : "")}");
                    }
                }
            }

            Assert.That(problems.ToString(), Is.Empty);
            Assert.That(checkedColumns, Is.GreaterThan(0));
            Assert.That(models.Keys, Is.EquivalentTo(project.Contexts.Select(c => c.TypeName)));
        }

        private static CorpusProject Project(string name) => CorpusProjects.All.Single(p => p.Name == name);

        /// <summary><paramref name="all"/> less <paramref name="before"/>, as multisets of (rule, file, line).</summary>
        private static List<Finding> Subtract(IReadOnlyList<Finding> all, IReadOnlyList<Finding> before)
        {
            var remaining = before.GroupBy(f => f.Key).ToDictionary(g => g.Key, g => g.Count());
            var added = new List<Finding>();
            foreach (var finding in all)
            {
                if (remaining.TryGetValue(finding.Key, out int count) && count > 0)
                {
                    remaining[finding.Key] = count - 1;
                }
                else
                {
                    added.Add(finding);
                }
            }

            return added;
        }

        /// <summary>The columns of a drift snapshot: (schema.table, column) → type, nullability, part of the primary key.</summary>
        private static class DatabaseColumns
        {
            public static Dictionary<(string Table, string Column), (string Type, bool Nullable, bool PrimaryKey)> Read(string snapshot)
            {
                var result = new Dictionary<(string, string), (string, bool, bool)>();
                using var document = JsonDocument.Parse(snapshot);
                foreach (var table in document.RootElement.GetProperty("tables").EnumerateArray())
                {
                    string name = table.GetProperty("schema").GetString() + "." + table.GetProperty("name").GetString();
                    var key = table.GetProperty("primaryKey").ValueKind == JsonValueKind.Object
                        ? table.GetProperty("primaryKey").GetProperty("columns").EnumerateArray().Select(c => c.GetString()!).ToHashSet(StringComparer.Ordinal)
                        : new HashSet<string>(StringComparer.Ordinal);
                    foreach (var column in table.GetProperty("columns").EnumerateArray())
                    {
                        string columnName = column.GetProperty("name").GetString()!;
                        result[(name, columnName)] = (column.GetProperty("type").GetString()!, column.GetProperty("nullable").GetBoolean(), key.Contains(columnName));
                    }
                }

                return result;
            }
        }
    }
}
