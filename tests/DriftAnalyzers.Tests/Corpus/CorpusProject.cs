using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using DriftAnalyzers.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DriftAnalyzers.Tests.ProjectCorpus
{
    /// <summary>One project of tests/Corpus: its .csproj files in dependency order, its contexts, and what the analyzers must say.</summary>
    internal sealed class CorpusProject
    {
        public CorpusProject(string name, string pattern, params string[] projects)
        {
            Name = name;
            Pattern = pattern;
            Projects = projects;
        }

        /// <summary>The folder under tests/Corpus.</summary>
        public string Name { get; }

        /// <summary>Which patterns of issue 17 it reproduces.</summary>
        public string Pattern { get; }

        /// <summary>.csproj paths relative to tests/Corpus, each after the projects it references.</summary>
        public IReadOnlyList<string> Projects { get; }

        /// <summary>Every context of the project (EF Core's own model is resolved for each), the migrated ones first.</summary>
        public List<CorpusContext> Contexts { get; } = new();

        /// <summary>For a project without migrations (EF Core rejects its model): the SQL that creates its database.</summary>
        public string? DatabaseSql { get; init; }

        /// <summary>EF Core rejects the model of the project's contexts at validation (pattern 11): no migrations, no resolved model.</summary>
        public bool ModelRejected { get; init; }

        /// <summary>True findings on the database its migrations create (goal: only these; warnings only where the code really is wrong).</summary>
        public List<ExpectedFinding> Untouched { get; } = new();

        public List<Drift> Drifts { get; } = new();

        public string Root => Repository.File("tests", "Corpus", Name);

        public string DatabaseName => "corpus_" + Name.ToLowerInvariant();

        public IEnumerable<CorpusContext> Migrated => Contexts.Where(c => c.Migrated);

        public override string ToString() => Name;
    }

    /// <param name="Project">The .csproj (relative to tests/Corpus) whose assembly declares the context.</param>
    /// <param name="TypeName">Full name of the context type.</param>
    /// <param name="Migrated">True where the project's migrations are this context's: the database is created with them.</param>
    /// <param name="Configure">
    /// The options the application gives the context (its Program.cs, design-time factory or AddDbContext), given the
    /// connection string: the harness creates the context as the application does.
    /// </param>
    internal sealed record CorpusContext(string Project, string TypeName, bool Migrated, Func<DbContextOptionsBuilder, string, DbContextOptionsBuilder> Configure)
    {
        public static DbContextOptionsBuilder Npgsql(DbContextOptionsBuilder builder, string connectionString) => builder.UseNpgsql(connectionString);
    }

    /// <summary>
    /// A diagnostic expected on a declaration: <paramref name="File"/> (relative to the corpus project's folder) at the
    /// first line containing <paramref name="Snippet"/> (after the first line containing <paramref name="After"/>, if
    /// given). Matched by rule, file and line.
    /// </summary>
    internal sealed record ExpectedFinding(string Id, string File, string Snippet, string? After = null)
    {
        /// <summary>Why the finding is true (for info diagnostics and true warnings on the untouched database).</summary>
        public string? Why { get; init; }

        public FindingKey Resolve(CorpusProject project)
        {
            string path = Path.Combine(project.Root, File);
            var lines = System.IO.File.ReadAllLines(path);
            int start = 0;
            if (After != null)
            {
                start = Array.FindIndex(lines, l => l.Contains(After, StringComparison.Ordinal));
                if (start < 0)
                {
                    throw new InvalidOperationException($"{File}: no line contains '{After}'");
                }
            }

            var matches = Enumerable.Range(start, lines.Length - start).Where(i => ContainsWord(lines[i], Snippet)).ToList();
            if (matches.Count == 0 || (After == null && matches.Count > 1))
            {
                throw new InvalidOperationException($"{File}: '{Snippet}' is on {matches.Count} lines{(After == null ? "" : " after '" + After + "'")}; the expectation must name one declaration");
            }

            return new FindingKey(Id, Path.Combine(project.Name, File).Replace('\\', '/'), matches[0] + 1);
        }

        /// <summary><paramref name="snippet"/> in <paramref name="line"/>, not followed by more of an identifier ("class Invoice" is not in "class InvoiceRow").</summary>
        private static bool ContainsWord(string line, string snippet)
        {
            for (int i = line.IndexOf(snippet, StringComparison.Ordinal); i >= 0; i = line.IndexOf(snippet, i + 1, StringComparison.Ordinal))
            {
                int end = i + snippet.Length;
                if (end == line.Length || !(char.IsLetterOrDigit(line[end]) || line[end] == '_'))
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>What a diagnostic is compared by: rule, file (relative to tests/Corpus) and line.</summary>
    internal sealed record FindingKey(string Id, string File, int Line)
    {
        public override string ToString() => $"{File}:{Line}: {Id}";
    }

    /// <summary>A drift injected into a copy of the untouched database, and the findings it must add (nothing else).</summary>
    internal sealed record Drift(string Rule, string What, string Sql, params ExpectedFinding[] Expected)
    {
        public override string ToString() => Rule;
    }
}
