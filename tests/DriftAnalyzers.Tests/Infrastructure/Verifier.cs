using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace DriftAnalyzers.Tests.Infrastructure
{
    /// <summary>
    /// An analyzer (and optionally code fix) test over real EF Core: <c>using Microsoft.EntityFrameworkCore;</c> and the
    /// data-annotation namespaces are available; snapshots go in <see cref="Snapshot"/>, options in <see cref="EditorConfig"/>.
    /// </summary>
    internal sealed class DriftTest<TAnalyzer, TCodeFix> : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TCodeFix : CodeFixProvider, new()
    {
        public const string SnapshotPath = "/schema-snapshots/app.json";

        public DriftTest()
        {
            ReferenceAssemblies = References.Net10;
            TestState.AdditionalReferences.AddRange(References.All);
            FixedState.AdditionalReferences.AddRange(References.All);
        }

        /// <summary>Adds the snapshot as /schema-snapshots/app.json (the fixed state inherits it).</summary>
        public string Snapshot
        {
            set => TestState.AdditionalFiles.Add((SnapshotPath, value));
        }

        /// <summary>Lines of a .globalconfig, e.g. "drift_analyzers.naming_convention = snake_case".</summary>
        public string EditorConfig
        {
            set => TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\n" + value + "\n"));
        }
    }

    internal static class Usings
    {
        public const string EfCore = "using System;\nusing System.Collections.Generic;\nusing System.ComponentModel.DataAnnotations;\nusing System.ComponentModel.DataAnnotations.Schema;\nusing Microsoft.EntityFrameworkCore;\n\n";
    }
}
