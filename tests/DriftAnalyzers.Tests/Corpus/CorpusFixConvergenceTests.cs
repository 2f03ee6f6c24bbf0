using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using NUnit.Framework;

namespace DriftAnalyzers.Tests.ProjectCorpus
{
    /// <summary>Every code fix converges on the realistic corpus too (see <see cref="FixConvergenceTests"/>).</summary>
    [Category("Corpus")]
    [NonParallelizable]
    public sealed class CorpusFixConvergenceTests
    {
        public static IEnumerable<TestCaseData> Projects()
            => CorpusProjects.All.Select(p => new TestCaseData(p.Name).SetArgDisplayNames(p.Name));

        /// <summary>
        /// Each corpus project (tests/Corpus), on its untouched database and on each injected drift a code fix can answer
        /// (DRIFT001, DRIFT004, DRIFT005): every compilation of the project converges. Category Corpus: it needs the
        /// corpus's PostgreSQL databases.
        /// </summary>
        [TestCaseSource(nameof(Projects))]
        public async Task Fixes_converge_on_the_corpus(string name)
        {
            var project = CorpusProjects.All.Single(p => p.Name == name);
            var state = await CorpusWorkspace.GetAsync(project);
            var snapshots = new List<(string What, string Json)> { ("untouched", state.Snapshot) };
            foreach (var drift in project.Drifts.Where(d => d.Rule is "DRIFT001" or "DRIFT004" or "DRIFT005"))
            {
                snapshots.Add((drift.Rule, await state.DriftSnapshotAsync(drift)));
            }

            var problems = new List<string>();
            int applied = 0;
            foreach (var compiled in state.Compiled)
            {
                var modelSnapshots = compiled.HasMigrations ? Array.Empty<(string, string)>()
                    : state.Compiled.Where(c => c != compiled).SelectMany(c => c.ModelSnapshotFiles).Select(f => (f, System.IO.File.ReadAllText(f))).ToArray();
                foreach (var (what, json) in snapshots)
                {
                    var result = await FixConvergenceTests.Converge(compiled.Compilation, json, modelSnapshots);
                    applied += result.Applied;
                    problems.AddRange(result.Problems.Select(p => System.IO.Path.GetFileName(compiled.Csproj) + " on " + what + ": " + p + "\n" + result.Log));
                }
            }

            TestContext.Out.WriteLine($"{name}: {applied} fixes applied over {state.Compiled.Count} compilations and {snapshots.Count} snapshots, converged");
            Assert.That(problems, Is.Empty);
        }
    }
}
