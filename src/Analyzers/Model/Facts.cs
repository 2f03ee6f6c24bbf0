using System.Collections.Generic;
using System.Collections.Immutable;
using DriftAnalyzers.TypeMapping;
using Microsoft.CodeAnalysis;

namespace DriftAnalyzers.Model
{
    /// <summary>
    /// A type as a property or base list refers to it, free of any compilation, so that it can be kept across
    /// compilations (see <see cref="TreeFacts"/>). Source types are referred to by <see cref="Key"/> only: what they are
    /// (an enum, a class) is read from their own file's facts when the model is built, so that editing them never makes
    /// the facts of the files that refer to them stale.
    /// </summary>
    internal sealed class TypeRef
    {
        /// <summary>The named type's definition, fully qualified (<c>global::App.Order</c>); empty for arrays and type parameters.</summary>
        public string Key { get; set; } = string.Empty;

        public string Name { get; set; } = string.Empty;

        /// <summary>As messages show it (<c>Guid?</c>, <c>List&lt;string&gt;</c>).</summary>
        public string Display { get; set; } = string.Empty;

        /// <summary>Fully qualified, as a code fix writes it.</summary>
        public string FullDisplay { get; set; } = string.Empty;

        /// <summary>Declared in the compilation's source: kind and enum members come from its <see cref="TypeFacts"/>.</summary>
        public bool IsSource { get; set; }

        /// <summary>For a type from metadata (or a type parameter, an array): what it is.</summary>
        public TypeKind Kind { get; set; }

        public bool IsValueType { get; set; }

        public SpecialType SpecialType { get; set; }

        /// <summary>In the System or Microsoft namespaces.</summary>
        public bool IsFramework { get; set; }

        /// <summary>A generic type that implements IEnumerable&lt;T&gt; (List, ICollection, HashSet...).</summary>
        public bool IsEnumerable { get; set; }

        /// <summary>List&lt;T&gt; or IList&lt;T&gt; (a PostgreSQL array of a scalar).</summary>
        public bool IsList { get; set; }

        /// <summary>A source type is part of it: <see cref="Clr"/> is decided when the model is built.</summary>
        public bool NeedsSource { get; set; }

        /// <summary>The CLR type understood without source (metadata types: everything; composite types: filled by <see cref="Facts.Classify"/>).</summary>
        public ClrType Clr { get; set; }

        /// <summary>The type arguments of a generic named type; the element of an array (one entry).</summary>
        public ImmutableArray<TypeRef> TypeArguments { get; set; } = ImmutableArray<TypeRef>.Empty;

        public bool IsArray { get; set; }

        public int ArrayRank { get; set; }

        /// <summary>The T of <c>Nullable&lt;T&gt;</c>, or null.</summary>
        public TypeRef? NullableOf { get; set; }

        /// <summary>A metadata enum's labels as Npgsql writes them ([PgName] or the member's name, untranslated), else empty.</summary>
        public ImmutableArray<EnumLabel> EnumLabels { get; set; } = ImmutableArray<EnumLabel>.Empty;

        /// <summary>For a metadata enum: its underlying integer type.</summary>
        public SpecialType EnumUnderlying { get; set; }

        public bool IsGenericType => !TypeArguments.IsEmpty && !IsArray;
    }

    /// <summary>An enum member: its name, and its [PgName] if it has one.</summary>
    internal readonly struct EnumLabel
    {
        public EnumLabel(string name, string? pgName)
        {
            Name = name;
            PgName = pgName;
        }

        public string Name { get; }

        public string? PgName { get; }
    }

    /// <summary>An attribute application: its class and constant arguments (arrays as <c>object?[]</c>).</summary>
    internal sealed class AttributeFacts
    {
        public AttributeFacts(string key, string name, ImmutableArray<object?> arguments, ImmutableArray<KeyValuePair<string, object?>> namedArguments)
        {
            Key = key;
            Name = name;
            Arguments = arguments;
            NamedArguments = namedArguments;
        }

        public string Key { get; }

        public string Name { get; }

        public ImmutableArray<object?> Arguments { get; }

        public ImmutableArray<KeyValuePair<string, object?>> NamedArguments { get; }

        public object? Named(string name)
        {
            foreach (var pair in NamedArguments)
            {
                if (pair.Key == name)
                {
                    return pair.Value;
                }
            }

            return null;
        }
    }

    /// <summary>A property as EF Core's conventions look at it.</summary>
    internal sealed class PropertyFacts
    {
        public PropertyFacts(string name, TypeRef type, NullableAnnotation annotation, bool isStatic, bool isIndexer, bool isPublic, bool hasGetter, bool hasSetter, bool isExplicit, ImmutableArray<AttributeFacts> attributes, FileSpan location, string containingKey)
        {
            Name = name;
            Type = type;
            NullableAnnotation = annotation;
            IsStatic = isStatic;
            IsIndexer = isIndexer;
            IsPublic = isPublic;
            HasGetter = hasGetter;
            HasSetter = hasSetter;
            IsExplicit = isExplicit;
            Attributes = attributes;
            Location = location;
            ContainingKey = containingKey;
        }

        public string Name { get; }

        public TypeRef Type { get; }

        public NullableAnnotation NullableAnnotation { get; }

        public bool IsStatic { get; }

        public bool IsIndexer { get; }

        public bool IsPublic { get; }

        public bool HasGetter { get; }

        public bool HasSetter { get; }

        /// <summary>An explicit interface implementation.</summary>
        public bool IsExplicit { get; }

        public ImmutableArray<AttributeFacts> Attributes { get; }

        /// <summary>Its declaration in source, or none (metadata).</summary>
        public FileSpan Location { get; }

        /// <summary>The <see cref="TypeFacts.Key"/> of the type that declares it.</summary>
        public string ContainingKey { get; }

        public AttributeFacts? Attribute(string? key) => Facts.Find(Attributes, key);

        /// <summary>Not a CLR property: a shadow property (or one of a type without facts) that only the migrations' model snapshot names.</summary>
        public bool IsShadow { get; set; }
    }

    /// <summary>
    /// A named type as the model needs it: its attributes, its own properties, and its base type (as constructed, with
    /// its own facts embedded), free of any compilation.
    /// </summary>
    internal sealed class TypeFacts
    {
        public string Key { get; set; } = string.Empty;

        public string Name { get; set; } = string.Empty;

        public TypeKind Kind { get; set; }

        public bool IsAbstract { get; set; }

        public bool IsGenericType { get; set; }

        /// <summary>Declared in Microsoft.EntityFrameworkCore (the base of every DbContext's chain).</summary>
        public bool IsEfCore { get; set; }

        public bool IsDbContext { get; set; }

        /// <summary>The T of every IEntityTypeConfiguration&lt;T&gt; it implements.</summary>
        public ImmutableArray<string> ConfiguredEntities { get; set; } = ImmutableArray<string>.Empty;

        /// <summary>The configuration class its [EntityTypeConfiguration(typeof(X))] or [EntityTypeConfiguration&lt;X, T&gt;] names (its key), or null.</summary>
        public string? ConfiguredBy { get; set; }

        public TypeFacts? BaseType { get; set; }

        public ImmutableArray<AttributeFacts> Attributes { get; set; } = ImmutableArray<AttributeFacts>.Empty;

        public ImmutableArray<PropertyFacts> Properties { get; set; } = ImmutableArray<PropertyFacts>.Empty;

        /// <summary>Its declaration in source (the first part), or none for a metadata type.</summary>
        public FileSpan Location { get; set; }

        /// <summary>A metadata type whose assembly the DriftAnalyzers package checks in its own build ([assembly: AssemblyMetadata("DriftAnalyzers.Checked", "true")]).</summary>
        public bool CheckedInItsProject { get; set; }

        /// <summary>For an enum: its underlying integer type and its members.</summary>
        public SpecialType EnumUnderlying { get; set; }

        public ImmutableArray<EnumLabel> EnumLabels { get; set; } = ImmutableArray<EnumLabel>.Empty;

        /// <summary>The entity's mapping as last computed, with what it was computed from (kept across compilations by the model builder).</summary>
        public object? Mapped;

        /// <summary>A literal connection string's database in its OnConfiguring (<c>Database=app</c>), or null.</summary>
        public string? ConnectionStringDatabase { get; set; }

        /// <summary>
        /// For a DbContext: the entities its DbSets expose that are declared in a referenced assembly (no source, so no file
        /// of their own to read them from). They report nothing, but are principals of relationships and owners of tables.
        /// </summary>
        public ImmutableArray<TypeFacts> MetadataEntities { get; set; } = ImmutableArray<TypeFacts>.Empty;

        public AttributeFacts? Attribute(string? key) => Facts.Find(Attributes, key);

        /// <summary>Whether the code can set any property of the class (its bases' included): a query-only projection cannot.</summary>
        public bool HasSettableProperty()
        {
            for (var current = this; current != null; current = current.BaseType)
            {
                foreach (var property in current.Properties)
                {
                    if (!property.IsStatic && property.IsPublic && property.HasSetter)
                    {
                        return true;
                    }
                }
            }

            return false;
        }
    }
}
