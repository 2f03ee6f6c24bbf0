using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using DriftAnalyzers.TypeMapping;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DriftAnalyzers.Model
{
    /// <summary>Keys, constants and classification shared by the facts and the model built from them.</summary>
    internal static class Facts
    {
        public const string DbContextKey = "global::Microsoft.EntityFrameworkCore.DbContext";
        public const string DbSetKey = "global::Microsoft.EntityFrameworkCore.DbSet<TEntity>";
        public const string EntityTypeConfigurationKey = "global::Microsoft.EntityFrameworkCore.IEntityTypeConfiguration<TEntity>";
        public const string EntityTypeConfigurationAttribute = "global::Microsoft.EntityFrameworkCore.EntityTypeConfigurationAttribute";
        public const string TableAttribute = "global::System.ComponentModel.DataAnnotations.Schema.TableAttribute";
        public const string ColumnAttribute = "global::System.ComponentModel.DataAnnotations.Schema.ColumnAttribute";
        public const string NotMappedAttribute = "global::System.ComponentModel.DataAnnotations.Schema.NotMappedAttribute";
        public const string OwnedAttribute = "global::Microsoft.EntityFrameworkCore.OwnedAttribute";
        public const string ComplexTypeAttribute = "global::System.ComponentModel.DataAnnotations.Schema.ComplexTypeAttribute";
        public const string KeylessAttribute = "global::Microsoft.EntityFrameworkCore.KeylessAttribute";
        public const string PrimaryKeyAttribute = "global::Microsoft.EntityFrameworkCore.PrimaryKeyAttribute";
        public const string IndexAttribute = "global::Microsoft.EntityFrameworkCore.IndexAttribute";
        public const string KeyAttribute = "global::System.ComponentModel.DataAnnotations.KeyAttribute";
        public const string ForeignKeyAttribute = "global::System.ComponentModel.DataAnnotations.Schema.ForeignKeyAttribute";
        public const string RequiredAttribute = "global::System.ComponentModel.DataAnnotations.RequiredAttribute";
        public const string MaxLengthAttribute = "global::System.ComponentModel.DataAnnotations.MaxLengthAttribute";
        public const string StringLengthAttribute = "global::System.ComponentModel.DataAnnotations.StringLengthAttribute";
        public const string PrecisionAttribute = "global::Microsoft.EntityFrameworkCore.PrecisionAttribute";

        private static readonly ConditionalWeakTable<INamedTypeSymbol, string> Keys = new ConditionalWeakTable<INamedTypeSymbol, string>();

        /// <summary>
        /// A named type's identity across compilations: its definition, fully qualified. Kept per definition symbol (one
        /// object per type in a compilation): every rule asks it for every type, and the facts for every property type.
        /// </summary>
        public static string Key(INamedTypeSymbol type) => Keys.GetValue(type.OriginalDefinition, definition => definition.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat));

        /// <summary>The name of the method an invocation calls (<c>b.ToTable(...)</c> → "ToTable"), or null.</summary>
        public static string? InvokedName(InvocationExpressionSyntax invocation) => invocation.Expression switch
        {
            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            _ => null,
        };

        /// <summary>
        /// The files that declare the fields (constants) an argument expression reads: a value read from it holds while
        /// they are unchanged. None for a literal; a file may come more than once.
        /// </summary>
        public static IEnumerable<SyntaxTree> ConstantFiles(ExpressionSyntax expression, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            if (expression is LiteralExpressionSyntax)
            {
                yield break;
            }

            foreach (var node in expression.DescendantNodesAndSelf())
            {
                if (node is IdentifierNameSyntax name && semanticModel.GetSymbolInfo(name, cancellationToken).Symbol is IFieldSymbol field)
                {
                    foreach (var reference in field.OriginalDefinition.DeclaringSyntaxReferences)
                    {
                        yield return reference.SyntaxTree;
                    }
                }
            }
        }

        public static AttributeFacts? Find(ImmutableArray<AttributeFacts> attributes, string? key)
        {
            if (key != null)
            {
                foreach (var attribute in attributes)
                {
                    if (attribute.Key == key)
                    {
                        return attribute;
                    }
                }
            }

            return null;
        }

        /// <summary>
        /// An attribute argument's value: a primitive, a string, an enum's underlying value, an array of these, or null. A
        /// <c>typeof(...)</c> argument is null: its value is a type symbol, which would keep its whole compilation alive in
        /// facts that outlive it (they are kept across builds), and no rule reads one.
        /// </summary>
        public static object? Value(TypedConstant constant)
        {
            if (constant.Kind != TypedConstantKind.Array)
            {
                return constant.Kind is TypedConstantKind.Error or TypedConstantKind.Type ? null : constant.Value;
            }

            if (constant.Values.IsDefault)
            {
                return null;
            }

            var values = new object?[constant.Values.Length];
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = Value(constant.Values[i]);
            }

            return values;
        }

        private static readonly ConditionalWeakTable<IAssemblySymbol, StrongBox<bool>> CheckedAssemblies = new ConditionalWeakTable<IAssemblySymbol, StrongBox<bool>>();

        /// <summary>Whether the package checks the assembly in its own build (its build targets add [assembly: AssemblyMetadata("DriftAnalyzers.Checked", "true")]).</summary>
        public static bool IsCheckedInItsProject(IAssemblySymbol? assembly)
            => assembly != null && CheckedAssemblies.GetValue(assembly, a =>
            {
                foreach (var attribute in a.GetAttributes())
                {
                    if (attribute.AttributeClass?.Name == "AssemblyMetadataAttribute" && attribute.ConstructorArguments.Length == 2
                        && attribute.ConstructorArguments[0].Value as string == "DriftAnalyzers.Checked" && attribute.ConstructorArguments[1].Value as string == "true")
                    {
                        return new StrongBox<bool>(true);
                    }
                }

                return new StrongBox<bool>(false);
            }).Value;

        /// <summary>An enum's members with their [PgName], as Npgsql reads them.</summary>
        public static ImmutableArray<EnumLabel> Labels(INamedTypeSymbol enumType)
        {
            var labels = ImmutableArray.CreateBuilder<EnumLabel>();
            foreach (var member in enumType.GetMembers())
            {
                if (member is IFieldSymbol { HasConstantValue: true } field)
                {
                    string? pgName = null;
                    foreach (var attribute in field.GetAttributes())
                    {
                        if (attribute.AttributeClass?.Name == "PgNameAttribute" && attribute.ConstructorArguments.Length == 1)
                        {
                            pgName = attribute.ConstructorArguments[0].Value as string;
                        }
                    }

                    labels.Add(new EnumLabel(field.Name, pgName));
                }
            }

            return labels.ToImmutable();
        }

        private static readonly ConditionalWeakTable<INamedTypeSymbol, StrongBox<bool>> EnumerableDefinitions = new ConditionalWeakTable<INamedTypeSymbol, StrongBox<bool>>();

        /// <summary>IEnumerable&lt;T&gt; or a type that implements it, decided once per generic definition (List`1, ICollection`1...).</summary>
        public static bool IsEnumerable(INamedTypeSymbol definition)
            => EnumerableDefinitions.GetValue(definition, d =>
            {
                if (d.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T)
                {
                    return new StrongBox<bool>(true);
                }

                foreach (var implemented in d.AllInterfaces)
                {
                    if (implemented.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T)
                    {
                        return new StrongBox<bool>(true);
                    }
                }

                return new StrongBox<bool>(false);
            }).Value;

        public static bool IsList(INamedTypeSymbol definition)
        {
            string key = Key(definition);
            return key == "global::System.Collections.Generic.List<T>" || key == "global::System.Collections.Generic.IList<T>";
        }

        /// <summary>
        /// The CLR type as the mapping sees it: precomputed for types from metadata; for types involving the project's own
        /// (an enum, <c>Status?</c>, <c>List&lt;Status&gt;</c>) resolved through <paramref name="source"/>.
        /// </summary>
        public static ClrType Classify(TypeRef type, Func<string, TypeFacts?> source) => Classify(type, source, depth: 0);

        private static ClrType Classify(TypeRef type, Func<string, TypeFacts?> source, int depth)
        {
            if (!type.NeedsSource)
            {
                return depth == 0 || type.Clr.ArrayRank == 0 ? type.Clr : default;
            }

            bool nullable = false;
            if (type.NullableOf != null)
            {
                nullable = true;
                type = type.NullableOf;
            }

            if (type.IsSource)
            {
                return type.TypeArguments.IsEmpty && source(type.Key) is { Kind: TypeKind.Enum } enumType
                    ? new ClrType(ClrKind.Enum, nullable, 0, ClrType.OfSpecial(enumType.EnumUnderlying))
                    : default;
            }

            if (type.IsArray && type.ArrayRank == 1 || type.IsList && type.TypeArguments.Length == 1)
            {
                return depth == 0 ? ClrType.Element(Classify(type.TypeArguments[0], source, depth + 1)) : default;
            }

            return default;
        }

        /// <summary>Whether a value of the type is a value type (a struct or enum of the project's own included).</summary>
        public static bool IsValueType(TypeRef type, Func<string, TypeFacts?> source)
            => type.IsSource ? source(type.Key) is { Kind: TypeKind.Struct or TypeKind.Enum } : type.IsValueType;

        /// <summary>The type's kind (a class, a struct, an enum), the project's own types included.</summary>
        public static TypeKind KindOf(TypeRef type, Func<string, TypeFacts?> source)
            => type.IsSource ? source(type.Key)?.Kind ?? TypeKind.Unknown : type.Kind;

        /// <summary>The enum's labels: from its own file's facts, or from metadata.</summary>
        public static ImmutableArray<EnumLabel> LabelsOf(TypeRef type, Func<string, TypeFacts?> source)
            => type.IsSource ? source(type.Key)?.EnumLabels ?? ImmutableArray<EnumLabel>.Empty : type.EnumLabels;

        private static readonly Regex DatabaseKey = new Regex(@"(?:^|;)\s*(?:Database|DB)\s*=\s*(?<name>[^;]+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        private static readonly Regex DatabaseInUri = new Regex(@"^postgres(?:ql)?://[^/?]*/(?<name>[^?]+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        /// <summary>The database a literal connection string in OnConfiguring names (<c>UseNpgsql("...;Database=app")</c>).</summary>
        public static string? ConnectionStringDatabase(INamedTypeSymbol context, CancellationToken cancellationToken)
        {
            foreach (var member in context.GetMembers("OnConfiguring"))
            {
                foreach (var reference in member.DeclaringSyntaxReferences)
                {
                    foreach (var node in reference.GetSyntax(cancellationToken).DescendantNodes())
                    {
                        if (node is LiteralExpressionSyntax literal && literal.Token.Value is string text)
                        {
                            var match = DatabaseKey.Match(text);
                            if (!match.Success)
                            {
                                match = DatabaseInUri.Match(text);
                            }

                            if (match.Success)
                            {
                                return Uri.UnescapeDataString(match.Groups["name"].Value.Trim());
                            }
                        }
                    }
                }
            }

            return null;
        }
    }

    /// <summary>
    /// What binding a name can resolve to in a compilation, besides the tree itself: references, options, the assembly's
    /// name, and the type and namespace names declared anywhere (with global usings and extern aliases). Facts read under
    /// one stamp hold under an equal one. Everything is compared by content (a reference by its modules' MVIDs), because
    /// each build of the command-line compiler's server has new reference and option objects for the same project; and
    /// equal stamps are shared (the last few are kept), so the usual check is a reference comparison.
    /// <see cref="CompilationOptions.Equals(object)"/> is never called: the command-line compiler's reference resolvers
    /// throw from Equals.
    /// </summary>
    internal sealed class CompilationStamp : IEquatable<CompilationStamp>
    {
        private const int RecentStamps = 8;
        private const int RememberedChanges = 8;

        private static readonly ConditionalWeakTable<Compilation, CompilationStamp> ByCompilation = new ConditionalWeakTable<Compilation, CompilationStamp>();
        private static readonly ConditionalWeakTable<SyntaxTree, string[]> NamesByTree = new ConditionalWeakTable<SyntaxTree, string[]>();
        private static readonly ConditionalWeakTable<MetadataReference, string> ReferenceKeys = new ConditionalWeakTable<MetadataReference, string>();
        private static readonly ConditionalWeakTable<CompilationOptions, string> OptionsKeys = new ConditionalWeakTable<CompilationOptions, string>();
        private static CompilationStamp[] recent = Array.Empty<CompilationStamp>();
        private static int uniqueKeys;

        private readonly string[] references;
        private readonly string options;
        private readonly string[] names;
        private readonly int hashCode;
        private NameChange[] recentChanges = Array.Empty<NameChange>();

        private CompilationStamp(string[] references, string options, string[] names)
        {
            this.references = references;
            this.options = options;
            this.names = names;
            int hash = StringComparer.Ordinal.GetHashCode(options) ^ names.Length;
            foreach (string reference in references)
            {
                hash = unchecked((hash * 31) + StringComparer.Ordinal.GetHashCode(reference));
            }

            foreach (string name in names)
            {
                hash = unchecked((hash * 31) + StringComparer.Ordinal.GetHashCode(name));
            }

            hashCode = hash;
        }

        /// <summary>The project, by content: its assembly name and options (what is kept per project is kept under this key).</summary>
        public string Project => options;

        public static CompilationStamp Of(Compilation compilation, CancellationToken cancellationToken)
            => ByCompilation.GetValue(compilation, c =>
            {
                var all = new List<string>();
                foreach (var tree in c.SyntaxTrees)
                {
                    all.AddRange(NamesByTree.GetValue(tree, t => Names(t, cancellationToken)));
                }

                var names = all.ToArray();
                Array.Sort(names, StringComparer.Ordinal);
                var references = new List<string>();
                foreach (var reference in c.References)
                {
                    references.Add(ReferenceKeys.GetValue(reference, ReferenceKey));
                }

                string options = c.AssemblyName + "\u0001" + (c.ScriptCompilationInfo != null) + "\u0001" + OptionsKeys.GetValue(c.Options, OptionsKey);
                var stamp = new CompilationStamp(references.ToArray(), options, names);
                var kept = Volatile.Read(ref recent);
                foreach (var previous in kept)
                {
                    if (previous.Equals(stamp))
                    {
                        return previous;
                    }
                }

                Volatile.Write(ref recent, MostRecentFirst.Add(kept, stamp, RecentStamps));
                return stamp;
            });

        /// <summary>
        /// A reference by content: its aliases and kind, and the MVID of each of its modules (a new build of an assembly has
        /// a new MVID). A reference whose metadata cannot be read, or a compilation's (an editor's project reference), gets
        /// a key of its own, equal to no other reference's.
        /// </summary>
        private static string ReferenceKey(MetadataReference reference)
        {
            string properties = (int)reference.Properties.Kind + "," + reference.Properties.EmbedInteropTypes + "," + string.Join(",", reference.Properties.Aliases) + ":";
            try
            {
                switch ((reference as PortableExecutableReference)?.GetMetadata())
                {
                    case AssemblyMetadata assembly:
                        var key = new StringBuilder(properties);
                        foreach (var module in assembly.GetModules())
                        {
                            key.Append(module.GetModuleVersionId().ToString("N")).Append(';');
                        }

                        return key.ToString();
                    case ModuleMetadata module:
                        return properties + module.GetModuleVersionId().ToString("N");
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Unreadable: a key of its own (the compilation reports the reference).
            }

            return "#" + Interlocked.Increment(ref uniqueKeys);
        }

        /// <summary>Every option that can change what a name binds to, or a constant's value, or what is accessible.</summary>
        private static string OptionsKey(CompilationOptions options)
        {
            var key = new StringBuilder()
                .Append(options.Language).Append('\u0001')
                .Append((int)options.OutputKind).Append('\u0001')
                .Append(options.ModuleName).Append('\u0001')
                .Append(options.MainTypeName).Append('\u0001')
                .Append(options.ScriptClassName).Append('\u0001')
                .Append(options.CryptoKeyContainer).Append('\u0001')
                .Append(options.CryptoKeyFile).Append('\u0001')
                .Append(options.CryptoPublicKey.IsDefault ? string.Empty : BitConverter.ToString(options.CryptoPublicKey.ToBuilder().ToArray())).Append('\u0001')
                .Append(options.DelaySign).Append('\u0001')
                .Append(options.PublicSign).Append('\u0001')
                .Append(options.CheckOverflow).Append('\u0001')
                .Append((int)options.Platform).Append('\u0001')
                .Append((int)options.OptimizationLevel).Append('\u0001')
                .Append((int)options.NullableContextOptions).Append('\u0001')
                .Append((int)options.MetadataImportOptions);
            if (options is CSharpCompilationOptions csharp)
            {
                key.Append('\u0001').Append(csharp.AllowUnsafe).Append('\u0001').Append(string.Join(";", csharp.Usings));
            }

            return key.ToString();
        }

        public bool Equals(CompilationStamp? other)
        {
            if (ReferenceEquals(other, this))
            {
                return true;
            }

            return other != null && other.hashCode == hashCode && string.Equals(other.options, options, StringComparison.Ordinal)
                && SameStrings(other.references, references) && SameStrings(other.names, names);
        }

        private static bool SameStrings(string[] left, string[] right)
        {
            if (left.Length != right.Length)
            {
                return false;
            }

            for (int i = 0; i < left.Length; i++)
            {
                if (!string.Equals(left[i], right[i], StringComparison.Ordinal))
                {
                    return false;
                }
            }

            return true;
        }

        public override bool Equals(object? obj) => Equals(obj as CompilationStamp);

        public override int GetHashCode() => hashCode;

        /// <summary>
        /// Whether what was bound under <paramref name="kept"/> in <paramref name="tree"/> and in <paramref name="others"/>
        /// (found in <paramref name="index"/>) binds the same under this stamp: the stamps are equal, or only declared names
        /// differ and none of those files mentions one of them (see <see cref="NameChanges"/>). Typing a new type's name
        /// changes the stamp at every keystroke; this keeps what was read from the files that do not mention it.
        /// <paramref name="bindsCalls"/>: method calls were bound too, which a static class's extension methods can capture
        /// without being named, so any change of a static class counts.
        /// </summary>
        public bool StillBinds(CompilationStamp kept, SourceIndex index, SyntaxTree? tree, SourceFiles others, bool bindsCalls, CancellationToken cancellationToken)
        {
            if (kept.Equals(this))
            {
                return true;
            }

            var changes = ChangesSince(kept);
            return changes != null && !(bindsCalls && changes.StaticClass)
                && !(tree != null && changes.MentionedIn(tree, cancellationToken)) && !others.Any(index, t => changes.MentionedIn(t, cancellationToken));
        }

        /// <summary>
        /// Whether what was bound under <paramref name="kept"/> holds under this stamp (see <see cref="StillBinds"/>); if so,
        /// <paramref name="kept"/> becomes this stamp, so that the next compilation compares by reference again.
        /// </summary>
        public bool Adopts(ref CompilationStamp kept, SourceIndex index, SyntaxTree? tree, SourceFiles others, bool bindsCalls, CancellationToken cancellationToken)
        {
            var previous = Volatile.Read(ref kept);
            if (ReferenceEquals(previous, this))
            {
                return true;
            }

            if (!StillBinds(previous, index, tree, others, bindsCalls, cancellationToken))
            {
                return false;
            }

            Volatile.Write(ref kept, this);
            return true;
        }

        private NameChanges? ChangesSince(CompilationStamp previous)
        {
            // What was kept in a compilation was read under a few earlier stamps (a file keeps a few versions, each under
            // the stamp it was last read or adopted under): the answers for the last few are remembered, else every file
            // would compare all names again for each of its versions.
            var memo = Volatile.Read(ref recentChanges);
            foreach (var change in memo)
            {
                if (change.Previous.TryGetTarget(out var compared) && ReferenceEquals(compared, previous))
                {
                    return change.Changes;
                }
            }

            var changes = ChangedNames(previous, this);
            Volatile.Write(ref recentChanges, MostRecentFirst.Add(memo, new NameChange(previous, changes), RememberedChanges));
            return changes;
        }

        /// <summary>What differs between the names of two stamps, or null when references, options, global usings or extern aliases differ.</summary>
        private static NameChanges? ChangedNames(CompilationStamp before, CompilationStamp after)
        {
            if (!string.Equals(before.options, after.options, StringComparison.Ordinal) || !SameStrings(before.references, after.references))
            {
                return null;
            }

            // Both lists are sorted: walk them together, as multisets (a second part of a partial type is a change too).
            var changed = new HashSet<string>(StringComparer.Ordinal);
            bool namespaces = false, staticClass = false;
            int i = 0, j = 0;
            while (i < before.names.Length || j < after.names.Length)
            {
                int order = i == before.names.Length ? 1 : j == after.names.Length ? -1 : string.CompareOrdinal(before.names[i], after.names[j]);
                if (order == 0)
                {
                    i++;
                    j++;
                    continue;
                }

                string name = order < 0 ? before.names[i++] : after.names[j++];
                switch (name[0])
                {
                    case 'T' or 'S':
                        staticClass |= name[0] == 'S';
                        int arity = name.LastIndexOf('`');
                        int start = Math.Max(Math.Max(name.LastIndexOf('.', arity), name.LastIndexOf('+', arity)) + 1, "T ".Length);
                        string simple = name.Substring(start, arity - start);
                        changed.Add(simple);
                        if (simple.Length > "Attribute".Length && simple.EndsWith("Attribute", StringComparison.Ordinal))
                        {
                            changed.Add(simple.Substring(0, simple.Length - "Attribute".Length));
                        }

                        break;
                    case 'N':
                        // Another declaration of a namespace that exists changes nothing; which namespaces exist is compared below.
                        namespaces = true;
                        break;
                    default:
                        // A global using or an extern alias: any name anywhere may bind otherwise.
                        return null;
                }
            }

            if (namespaces)
            {
                var declared = NamespacesOf(before.names);
                declared.SymmetricExceptWith(NamespacesOf(after.names));
                foreach (string ns in declared)
                {
                    changed.Add(ns.Substring(ns.LastIndexOf('.') + 1));
                }
            }

            return new NameChanges(changed, staticClass);
        }

        /// <summary>Every namespace the names declare, with the namespaces that contain it (A.B.C: A, A.B, A.B.C).</summary>
        private static HashSet<string> NamespacesOf(string[] names)
        {
            var result = new HashSet<string>(StringComparer.Ordinal);
            foreach (string name in names)
            {
                if (name[0] != 'N')
                {
                    continue;
                }

                string path = string.Empty;
                foreach (string segment in name.Substring(2).Split('.'))
                {
                    if (segment.Trim().Length == 0)
                    {
                        continue;
                    }

                    path = path.Length == 0 ? segment.Trim() : path + "." + segment.Trim();
                    result.Add(path);
                }
            }

            return result;
        }

        /// <summary>The names one tree declares: namespaces, types (with arity; static classes apart: they hold extension methods), global usings, extern aliases.</summary>
        private static string[] Names(SyntaxTree tree, CancellationToken cancellationToken)
        {
            var names = new List<string>();
            void Walk(SyntaxNode node, string prefix)
            {
                foreach (var child in node.ChildNodes())
                {
                    switch (child)
                    {
                        case BaseNamespaceDeclarationSyntax ns:
                            string name = prefix + ns.Name.ToString() + ".";
                            names.Add("N " + name);
                            Walk(ns, name);
                            break;
                        case BaseTypeDeclarationSyntax type:
                            string typeName = prefix + type.Identifier.ValueText + "`" + ((type as TypeDeclarationSyntax)?.TypeParameterList?.Parameters.Count ?? 0);
                            names.Add((type is ClassDeclarationSyntax && type.Modifiers.Any(SyntaxKind.StaticKeyword) ? "S " : "T ") + typeName);
                            Walk(type, typeName + "+");
                            break;
                        case DelegateDeclarationSyntax d:
                            names.Add("T " + prefix + d.Identifier.ValueText + "`" + (d.TypeParameterList?.Parameters.Count ?? 0));
                            break;
                        case UsingDirectiveSyntax { GlobalKeyword.RawKind: not 0 } global:
                            names.Add("U " + global.ToString());
                            break;
                        case ExternAliasDirectiveSyntax alias:
                            names.Add("E " + alias.Identifier.ValueText);
                            break;
                    }
                }
            }

            Walk(tree.GetRoot(cancellationToken), string.Empty);
            return names.ToArray();
        }

        /// <summary>An earlier stamp (held weakly: stamps must not chain back through the session) and what changed since.</summary>
        private sealed class NameChange
        {
            public NameChange(CompilationStamp previous, NameChanges? changes)
            {
                Previous = new WeakReference<CompilationStamp>(previous);
                Changes = changes;
            }

            public WeakReference<CompilationStamp> Previous { get; }

            public NameChanges? Changes { get; }
        }

        /// <summary>
        /// The simple names one of two stamps declares and the other does not: a type's name without arity or containing
        /// types (and without "Attribute" as well, as an attribute is named), a namespace's segment; and whether a static
        /// class is among the types.
        /// </summary>
        private sealed class NameChanges
        {
            private readonly HashSet<string> names;

            public NameChanges(HashSet<string> names, bool staticClass)
            {
                this.names = names;
                StaticClass = staticClass;
            }

            public bool StaticClass { get; }

            /// <summary>
            /// Whether the tree's text has one of the names as a whole word, or a Unicode escape (with which an identifier can
            /// be spelled otherwise). A word in a comment or a string counts too: it only costs reading the file again.
            /// </summary>
            public bool MentionedIn(SyntaxTree tree, CancellationToken cancellationToken)
            {
                if (names.Count == 0)
                {
                    return false;
                }

                string text = tree.GetText(cancellationToken).ToString();
                if (text.IndexOf("\\u", StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    return true;
                }

                foreach (string name in names)
                {
                    for (int at = text.IndexOf(name, StringComparison.Ordinal); at >= 0; at = text.IndexOf(name, at + 1, StringComparison.Ordinal))
                    {
                        int end = at + name.Length;
                        if ((at == 0 || !SyntaxFacts.IsIdentifierPartCharacter(text[at - 1])) && (end == text.Length || !SyntaxFacts.IsIdentifierPartCharacter(text[end])))
                        {
                            return true;
                        }
                    }
                }

                return false;
            }
        }
    }
}
