using Microsoft.CodeAnalysis;

namespace DriftAnalyzers.Model
{
    /// <summary>Namespace tests without building display strings (they run for every property of every entity).</summary>
    internal static class Namespaces
    {
        /// <summary>Whether <paramref name="ns"/> is <paramref name="first"/> or lies inside it (e.g. System, Microsoft).</summary>
        public static bool IsWithin(INamespaceSymbol? ns, string first)
        {
            for (; ns != null && !ns.IsGlobalNamespace; ns = ns.ContainingNamespace)
            {
                if (ns.ContainingNamespace is { IsGlobalNamespace: true } && ns.Name == first)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Whether <paramref name="ns"/> is exactly <c>first.second</c> or lies inside it.</summary>
        public static bool IsWithin(INamespaceSymbol? ns, string first, string second)
        {
            for (; ns != null && !ns.IsGlobalNamespace; ns = ns.ContainingNamespace)
            {
                if (ns.Name == second && ns.ContainingNamespace is { } parent && parent.Name == first && parent.ContainingNamespace is { IsGlobalNamespace: true })
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Whether <paramref name="ns"/> is exactly <c>first.second.third</c> or lies inside it.</summary>
        public static bool IsWithin(INamespaceSymbol? ns, string first, string second, string third)
        {
            for (; ns != null && !ns.IsGlobalNamespace; ns = ns.ContainingNamespace)
            {
                if (ns.Name == third && ns.ContainingNamespace is { } parent && IsWithin(parent, first, second) && parent.Name == second)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
