using System;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace DriftAnalyzers.Model
{
    /// <summary>
    /// The semantic models the model is read with: binding only (which method a call is, a constant's value, a declared
    /// type), never nullability. Where the host's compiler offers it (Roslyn 4.12 and later: current Visual Studio, Rider
    /// and .NET SDK compilers), nullable analysis is switched off: in a project with nullable reference types it is about
    /// half of the time spent binding OnModelCreating and configuration classes, and it changes nothing these
    /// readers look at. The option is still marked experimental (RSEXPERIMENTAL001), so it is looked up, not linked:
    /// an older host, or a newer one without it, gets an ordinary semantic model.
    /// </summary>
    internal static class SemanticModels
    {
        private const int FilesReadBeforeAttributesBound = 32;
        private static readonly Func<Compilation, SyntaxTree, SemanticModel>? WithoutNullableAnalysis = Find();
        private static readonly ConditionalWeakTable<Compilation, StrongBox<int>> FilesRead = new ConditionalWeakTable<Compilation, StrongBox<int>>();

        /// <summary>A semantic model of <paramref name="tree"/> for reading symbols, constants and types.</summary>
        public static SemanticModel For(Compilation compilation, SyntaxTree tree)
        {
            // Until the assembly's own attributes are bound, every symbol that binding checks for [Obsolete] looks through
            // the assembly-level attribute lists of every file of the compilation (SourceAssemblySymbol.ObsoleteAttributeData),
            // so reading every file costs the square of their number: at 10,000 entity files more than half of the model's
            // time. Binding them costs a pass over every file too (6 ms at 2,000 files), more than the one file an edit
            // reads saves; so they are bound once a compilation has read enough files for that pass to pay.
            var read = FilesRead.GetValue(compilation, _ => new StrongBox<int>());
            if (Interlocked.Increment(ref read.Value) == FilesReadBeforeAttributesBound)
            {
                _ = compilation.Assembly.GetAttributes();
                _ = compilation.SourceModule.GetAttributes();
            }

#pragma warning disable RS1030 // The EF Core model spans files: each file is bound when its facts or its configuration are read again, not per action.
            return WithoutNullableAnalysis?.Invoke(compilation, tree) ?? compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
        }

        private static Func<Compilation, SyntaxTree, SemanticModel>? Find()
        {
            try
            {
                return FindOrThrow();
            }
            catch (Exception e) when (e is AmbiguousMatchException or ArgumentException or TypeLoadException or MemberAccessException or NotSupportedException)
            {
                // A host whose API looks different: the ordinary semantic model, never a failing type initializer.
                return null;
            }
        }

        private static Func<Compilation, SyntaxTree, SemanticModel>? FindOrThrow()
        {
            var optionsType = typeof(Compilation).Assembly.GetType("Microsoft.CodeAnalysis.SemanticModelOptions", throwOnError: false);
            if (optionsType == null || !optionsType.IsEnum || !Enum.IsDefined(optionsType, "DisableNullableAnalysis"))
            {
                return null;
            }

            var method = typeof(Compilation).GetMethod("GetSemanticModel", BindingFlags.Public | BindingFlags.Instance, null, new[] { typeof(SyntaxTree), optionsType }, null);
            if (method == null || method.ReturnType != typeof(SemanticModel))
            {
                return null;
            }

            object disable = Enum.Parse(optionsType, "DisableNullableAnalysis");
            return (compilation, tree) => (SemanticModel)method.Invoke(compilation, new[] { tree, disable });
        }
    }
}
