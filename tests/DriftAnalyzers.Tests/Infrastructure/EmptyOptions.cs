using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DriftAnalyzers.Tests.Infrastructure
{
    /// <summary>No .editorconfig options at all, for building the model outside an analyzer driver.</summary>
    internal sealed class EmptyOptions : AnalyzerConfigOptionsProvider
    {
        public static readonly EmptyOptions Instance = new();

        public override AnalyzerConfigOptions GlobalOptions => Empty.Instance;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Empty.Instance;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Empty.Instance;

        private sealed class Empty : AnalyzerConfigOptions
        {
            public static readonly Empty Instance = new();

            public override bool TryGetValue(string key, out string value)
            {
                value = string.Empty;
                return false;
            }
        }
    }
}
