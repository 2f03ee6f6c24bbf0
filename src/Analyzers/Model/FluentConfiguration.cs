using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using DriftAnalyzers.TypeMapping;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DriftAnalyzers.Model
{
    /// <summary>What the fluent API says about one entity type.</summary>
    internal sealed class EntityFluent
    {
        public string? Table { get; set; }

        public string? Schema { get; set; }

        public bool ToView { get; set; }

        /// <summary>HasNoKey().</summary>
        public bool Keyless { get; set; }

        /// <summary>ToTable(..., t => t.ExcludeFromMigrations()): another context (or nothing) creates the table; mapped to read it.</summary>
        public bool ExcludedFromMigrations { get; set; }

        /// <summary>Why this entity's mapping cannot be known from the code (a computed name, an unknown call), or null.</summary>
        public string? NotAnalyzed { get; set; }

        public Dictionary<string, PropertyFluent> Properties { get; } = new Dictionary<string, PropertyFluent>(StringComparer.Ordinal);

        public HashSet<string> Ignored { get; } = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>HasKey's properties (e => e.P, e => new { e.A, e.B }, "A", "B"), or null when HasKey was given what the analyzers cannot read.</summary>
        public List<string>? Key { get; set; }

        /// <summary>HasKey was called, whatever its form.</summary>
        public bool KeyConfigured { get; set; }

        /// <summary>"TPH", "TPT" or "TPC" when the hierarchy's root says so with Use...MappingStrategy, or null.</summary>
        public string? MappingStrategy { get; set; }

        /// <summary>OwnsOne/OwnsMany(e => e.Navigation): true when a build action configures the owned type (its mapping is then not judged).</summary>
        public Dictionary<string, bool> OwnedNavigations { get; } = new Dictionary<string, bool>(StringComparer.Ordinal);

        /// <summary>Property&lt;T&gt;("name") adds a shadow property: a column no CLR property shows.</summary>
        public bool HasShadowProperties { get; set; }

        /// <summary>
        /// The properties configured by name (<c>Property("_secret")</c>, <c>Property&lt;T&gt;("Name")</c>, <c>IndexerProperty</c>,
        /// <c>xmin</c> for UseXminAsConcurrencyToken): a field, a shadow or an indexer property, which no CLR property shows.
        /// </summary>
        public HashSet<string> NamedProperties { get; } = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>A relationship the entity takes part in is made required (or optional) with IsRequired: its foreign key's nullability is not the property's.</summary>
        public bool RequiredRelationship { get; set; }

        /// <summary>A property is configured by a name computed at run time: which properties are configured by name is unknown.</summary>
        public bool NamedPropertiesUnknown { get; set; }

        /// <summary>Foreign keys the fluent API names on this (dependent) entity: principal, FK property, and whether HasPrincipalKey changes the key.</summary>
        public List<(string Principal, string Property, bool CustomPrincipalKey)> ForeignKeys { get; } = new List<(string, string, bool)>();

        public PropertyFluent Property(string name)
        {
            if (!Properties.TryGetValue(name, out var property))
            {
                Properties.Add(name, property = new PropertyFluent());
            }

            return property;
        }
    }

    /// <summary>What the fluent API says about one property.</summary>
    internal sealed class PropertyFluent
    {
        public string? Column { get; set; }

        public string? ColumnType { get; set; }

        /// <summary>The provider type of <c>HasConversion&lt;T&gt;()</c>, or null.</summary>
        public ClrType? ProviderType { get; set; }

        /// <summary>Why the property's column or type cannot be known (a converter instance, a computed name), or null.</summary>
        public string? NotAnalyzed { get; set; }

        /// <summary>IsRequired(...) on the property, or null.</summary>
        public bool? Required { get; set; }

        /// <summary>HasMaxLength(n), or null.</summary>
        public int? MaxLength { get; set; }

        /// <summary>HasPrecision(p[, s]), or null.</summary>
        public (int Precision, int? Scale)? Precision { get; set; }

        /// <summary>
        /// Why the column type EF Core derives cannot be told from what was read (IsFixedLength, a length or precision computed
        /// at run time), or null. The property is still checked against the database; its type is not compared with the
        /// migrations' model snapshot.
        /// </summary>
        public string? StoreTypeUnknown { get; set; }
    }

    /// <summary>
    /// Reads the fluent API in OnModelCreating and in the IEntityTypeConfiguration classes a context applies: entity and
    /// property calls are bound to find the entity (the T of EntityTypeBuilder&lt;T&gt;) and the property (the lambda of
    /// Property(e => e.P)), and constant arguments are read. Fluent configuration wins over annotations, as in EF Core.
    /// </summary>
    internal sealed class FluentConfiguration
    {
        // Calls that change no table, column or type name: nothing to evaluate.
        private static readonly HashSet<string> Harmless = new HashSet<string>(StringComparer.Ordinal)
        {
            "Entity", "Property", "HasKey", "HasAlternateKey", "HasNoKey", "HasIndex", "IsUnique", "HasDatabaseName", "HasFilter", "IncludeProperties", "HasMethod",
            "HasOne", "HasMany", "WithOne", "WithMany", "HasForeignKey", "HasPrincipalKey", "OnDelete", "IsRequired", "HasConstraintName", "Navigation", "AutoInclude",
            "OwnsOne", "OwnsMany", "HasData", "HasQueryFilter", "HasComment", "HasAnnotation", "HasCheckConstraint", "UsePropertyAccessMode", "HasField",
            "HasChangeTrackingStrategy", "HasMaxLength", "HasPrecision", "IsUnicode", "IsFixedLength", "IsConcurrencyToken", "IsRowVersion", "HasDefaultValue",
            "HasDefaultValueSql", "HasComputedColumnSql", "ValueGeneratedOnAdd", "ValueGeneratedOnUpdate", "ValueGeneratedOnAddOrUpdate", "ValueGeneratedNever",
            "UseIdentityColumn", "UseIdentityAlwaysColumn", "UseIdentityByDefaultColumn", "UseSerialColumn", "UseHiLo", "UseSequence", "HasIdentityOptions",
            "UseCollation", "HasSentinel", "HasValueGenerator", "HasPostgresEnum", "HasPostgresExtension", "HasPostgresRange", "HasSequence", "StartsAt",
            "IncrementsBy", "HasDbFunction", "HasCollation", "UseXminAsConcurrencyToken", "IsSparse", "HasSrid", "HasJsonPropertyName", "IsStored",
            "ApplyConfiguration", "ApplyConfigurationsFromAssembly", "UseIdentityColumns", "UseSerialColumns", "UseIdentityAlwaysColumns", "UseIdentityByDefaultColumns",
            "HasNoDiscriminator", "HasDiscriminator", "Metadata", "ToString", "Equals", "GetHashCode", "GetType",
        };

        // Calls that change names or types in ways this version does not evaluate: the entity is not analyzed.
        private static readonly HashSet<string> Unevaluated = new HashSet<string>(StringComparer.Ordinal)
        {
            "HasBaseType", "SplitToTable", "SplitToView",
            "ToFunction", "ToSqlQuery", "ToJson", "ComplexProperty", "HasNoField", "HasShadowProperty",
        };

        // Calls whose arguments carry names or types: unbound (half-typed) or computed, they leave the mapping unknown.
        private static readonly HashSet<string> Naming = new HashSet<string>(StringComparer.Ordinal)
        {
            "ToTable", "ToView", "HasColumnName", "HasColumnType", "HasConversion", "Ignore", "HasDefaultSchema",
        };

        // Metadata calls that rename, retype or change the nullability or size of columns in bulk (IMutableEntityType,
        // IMutableProperty), usually in a loop over GetEntityTypes(). A loop that calls none of them (one that sets defaults,
        // comments or indexes) changes nothing the rules compare.
        private static readonly HashSet<string> ModelWide = new HashSet<string>(StringComparer.Ordinal)
        {
            "SetTableName", "SetSchema", "SetViewName", "SetViewSchema", "SetColumnName", "SetColumnType", "SetValueConverter", "SetProviderClrType",
            "SetIsNullable", "SetMaxLength", "SetPrecision", "SetScale", "SetIsFixedLength", "SetIsUnicode",
        };

        public Dictionary<string, EntityFluent> Entities { get; } = new Dictionary<string, EntityFluent>(StringComparer.Ordinal);

        /// <summary>Entity types configured by each context (Entity&lt;T&gt;() or an applied configuration).</summary>
        public Dictionary<string, string> ContextOf { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

        public Dictionary<string, string> DefaultSchemas { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

        /// <summary>Why a whole context cannot be analyzed (model-wide changes in code), by context.</summary>
        public Dictionary<string, string> ContextProblems { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

        /// <summary>
        /// Contexts whose configuration may add entity types the analyzers cannot see (an entity configured by name or Type,
        /// code of a referenced assembly handed the model builder): which classes are in no model cannot be told. A rename
        /// or a retype leaves the model's members as they are.
        /// </summary>
        public HashSet<string> MembershipUnknown { get; } = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>
        /// Contexts whose ConfigureConventions calls anything (Properties&lt;T&gt;().HaveMaxLength(...), Conventions.Remove(...)):
        /// column types, sizes and names may differ from what the conventions the analyzers know give; by context, the first
        /// call's name.
        /// </summary>
        public Dictionary<string, string> ConventionsConfigured { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

        /// <summary>Types a context excludes with Ignore&lt;T&gt;() or declares owned with Owned&lt;T&gt;().</summary>
        public HashSet<string> NotEntities { get; } = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>Types declared owned with Owned&lt;T&gt;().</summary>
        public HashSet<string> OwnedTypes { get; } = new HashSet<string>(StringComparer.Ordinal);

        public EntityFluent For(string entity)
        {
            if (!Entities.TryGetValue(entity, out var fluent))
            {
                Entities.Add(entity, fluent = new EntityFluent());
            }

            return fluent;
        }

        /// <summary>
        /// Reads one configuration body (OnModelCreating, or Configure of an applied configuration) for <paramref name="context"/>.
        /// <paramref name="addsToModel"/>: the entities it configures join the context's model (false for a configuration
        /// that an entity's [EntityTypeConfiguration] names: EF Core applies it only to an entity that is in the model).
        /// </summary>
        public void Read(SyntaxNode body, SemanticModel semanticModel, string context, bool addsToModel, CancellationToken cancellationToken)
        {
            foreach (var node in body.DescendantNodes())
            {
                if (node is AssignmentExpressionSyntax assignment)
                {
                    ReadAssignment(assignment, semanticModel, context, cancellationToken);
                    continue;
                }

                if (node is not InvocationExpressionSyntax invocation)
                {
                    continue;
                }

                cancellationToken.ThrowIfCancellationRequested();
                string? name = Facts.InvokedName(invocation);
                if (name == null)
                {
                    continue;
                }

                var method = semanticModel.GetSymbolInfo(invocation, cancellationToken).Symbol as IMethodSymbol;
                if (method == null)
                {
                    if (Naming.Contains(name))
                    {
                        // A mapping call we cannot bind (code being typed): say nothing rather than guess.
                        Problem(context, "OnModelCreating has a " + name + " call that does not compile yet");
                    }

                    continue;
                }

                // The receiver expression's type, not the method's declaring type: many builder methods are declared on the
                // non-generic EntityTypeBuilder base, whose type argument is the entity we need.
                var receiver = (invocation.Expression is MemberAccessExpressionSyntax access
                        ? semanticModel.GetTypeInfo(access.Expression, cancellationToken).Type as INamedTypeSymbol
                        : null)
                    ?? (method.ReducedFrom != null ? method.ReceiverType as INamedTypeSymbol : method.ContainingType);
                string? builder = receiver != null && Namespaces.IsWithin(receiver.ContainingNamespace, "Microsoft", "EntityFrameworkCore") ? receiver.Name : null;
                if (builder == null || (method.ReducedFrom != null && !method.DeclaringSyntaxReferences.IsEmpty && builder != "PropertyBuilder"))
                {
                    // The project's own helpers (FixSnakeCaseNames(modelBuilder), Other.ConfigureModel(builder), builder.ConfigureAudit()) are
                    // read as if written here; a referenced assembly's code that is handed the model builder cannot be.
                    ReadHelper(name, method, invocation, semanticModel, context, addsToModel, cancellationToken);
                    if (builder == null)
                    {
                        continue;
                    }
                }

                if (builder != null && ModelWide.Contains(name))
                {
                    Problem(context, "OnModelCreating calls " + name + ", which changes " + WhatChanges(name) + " in code the analyzers cannot evaluate");
                    continue;
                }

                switch (builder)
                {
                    case "ModelBuilder":
                        ReadModelCall(name, method, invocation, semanticModel, context, addsToModel, cancellationToken);
                        break;
                    case "EntityTypeBuilder":
                        ReadEntityCall(name, method, invocation, receiver!, semanticModel, context, addsToModel, cancellationToken);
                        break;
                    case "PropertyBuilder":
                        ReadPropertyCall(name, method, invocation, semanticModel, context, cancellationToken);
                        break;
                    case "ReferenceCollectionBuilder" or "ReferenceReferenceBuilder" when name == "HasForeignKey":
                        ReadForeignKey(method, invocation, receiver!, semanticModel, cancellationToken);
                        break;
                    case "ReferenceCollectionBuilder" or "ReferenceReferenceBuilder" or "ReferenceNavigationBuilder" or "CollectionNavigationBuilder" or "NavigationBuilder" when name == "IsRequired":
                        // A required relationship makes its foreign key NOT NULL whatever the property's type.
                        foreach (var argument in receiver!.TypeArguments)
                        {
                            if (argument is INamedTypeSymbol related)
                            {
                                For(Facts.Key(related)).RequiredRelationship = true;
                            }
                        }

                        break;
                }
            }
        }

        // Helpers being read, against recursion, and how deep.
        private readonly HashSet<SyntaxNode> following = new HashSet<SyntaxNode>();

        /// <summary>The other files a followed helper was read from: the configuration holds while they are unchanged.</summary>
        public HashSet<SourceId> HelperSources { get; } = new HashSet<SourceId>();

        private const int MaxHelperDepth = 8;

        /// <summary>
        /// A call that hands an EF Core builder to other code. The project's own method is read like OnModelCreating; a
        /// method of a referenced assembly (other than EF Core's, Npgsql's and Identity's, which the reader knows) may rename
        /// or retype anything, so the context is not analyzed, and DRIFT013 names the call.
        /// </summary>
        private void ReadHelper(string name, IMethodSymbol method, InvocationExpressionSyntax invocation, SemanticModel semanticModel, string context, bool addsToModel, CancellationToken cancellationToken)
        {
            if (name == "OnModelCreating" || !HandsBuilder(invocation, method, semanticModel, cancellationToken))
            {
                return;
            }

            var definition = (method.ReducedFrom ?? method).OriginalDefinition;
            if (definition.DeclaringSyntaxReferences.IsEmpty)
            {
                if (!IsKnownLibrary(definition.ContainingNamespace))
                {
                    Problem(context, "OnModelCreating hands the model builder to " + definition.ContainingType.Name + "." + definition.Name + " from a referenced assembly, whose configuration the analyzers cannot read");
                    MembershipUnknown.Add(context);
                }

                return;
            }

            foreach (var reference in definition.DeclaringSyntaxReferences)
            {
                var body = reference.GetSyntax(cancellationToken);
                if (following.Count >= MaxHelperDepth || !following.Add(body))
                {
                    continue;
                }

                var model = body.SyntaxTree == semanticModel.SyntaxTree ? semanticModel : SemanticModels.For(semanticModel.Compilation, body.SyntaxTree);
                HelperSources.Add(SourceId.Of(body.SyntaxTree));
                Read(body, model, context, addsToModel, cancellationToken);
                following.Remove(body);
            }
        }

        /// <summary>Whether the call passes an EF Core builder (ModelBuilder, EntityTypeBuilder, ...), as an argument or as an extension method's receiver.</summary>
        private static bool HandsBuilder(InvocationExpressionSyntax invocation, IMethodSymbol method, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            if (method.ReducedFrom != null && IsBuilder(method.ReceiverType))
            {
                return true;
            }

            foreach (var argument in invocation.ArgumentList.Arguments)
            {
                if (IsBuilder(semanticModel.GetTypeInfo(argument.Expression, cancellationToken).Type))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsBuilder(ITypeSymbol? type)
            => type is INamedTypeSymbol named && named.Name.EndsWith("Builder", StringComparison.Ordinal) && Namespaces.IsWithin(named.ContainingNamespace, "Microsoft", "EntityFrameworkCore");

        private static bool IsKnownLibrary(INamespaceSymbol? ns)
            => Namespaces.IsWithin(ns, "Microsoft", "EntityFrameworkCore") || Namespaces.IsWithin(ns, "Npgsql") || Namespaces.IsWithin(ns, "Microsoft", "AspNetCore", "Identity")
               || Namespaces.IsWithin(ns, "Microsoft", "Extensions", "DependencyInjection");

        private static string WhatChanges(string call) => call switch
        {
            "SetTableName" or "SetSchema" or "SetViewName" or "SetViewSchema" => "table names",
            "SetColumnName" => "column names",
            "SetColumnType" or "SetValueConverter" or "SetProviderClrType" => "column types",
            "SetIsNullable" => "nullability",
            _ => "column sizes",
        };

        /// <summary><c>property.IsNullable = false</c> on an EF Core metadata object: nullability changed in code the analyzers do not evaluate.</summary>
        private void ReadAssignment(AssignmentExpressionSyntax assignment, SemanticModel semanticModel, string context, CancellationToken cancellationToken)
        {
            if (assignment.Left is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "IsNullable" } member
                && semanticModel.GetTypeInfo(member.Expression, cancellationToken).Type is { } type
                && Namespaces.IsWithin(type.ContainingNamespace, "Microsoft", "EntityFrameworkCore"))
            {
                Problem(context, "OnModelCreating sets IsNullable, which changes nullability in code the analyzers cannot evaluate");
            }
        }

        private void ReadModelCall(string name, IMethodSymbol method, InvocationExpressionSyntax invocation, SemanticModel semanticModel, string context, bool addsToModel, CancellationToken cancellationToken)
        {
            switch (name)
            {
                case "Entity" when method.TypeArguments.Length == 1 && method.TypeArguments[0] is INamedTypeSymbol entityType:
                    string entity = Facts.Key(entityType);
                    if (addsToModel && !ContextOf.ContainsKey(entity))
                    {
                        ContextOf.Add(entity, context);
                    }

                    For(entity);
                    break;
                case "Entity":
                    Problem(context, "OnModelCreating configures an entity by name or Type (Entity(...)), which the analyzers cannot follow");
                    MembershipUnknown.Add(context);
                    break;
                case "HasDefaultSchema":
                    if (Constant(invocation, 0, semanticModel, cancellationToken) is string schema)
                    {
                        DefaultSchemas[context] = schema;
                    }
                    else
                    {
                        Problem(context, "HasDefaultSchema is given a value computed at run time");
                    }

                    break;
                case "Ignore" or "Owned" when method.TypeArguments.Length == 1 && method.TypeArguments[0] is INamedTypeSymbol type:
                    NotEntities.Add(Facts.Key(type));
                    if (name == "Owned")
                    {
                        OwnedTypes.Add(Facts.Key(type));
                    }

                    break;
            }
        }

        private void ReadEntityCall(string name, IMethodSymbol method, InvocationExpressionSyntax invocation, INamedTypeSymbol receiver, SemanticModel semanticModel, string context, bool addsToModel, CancellationToken cancellationToken)
        {
            if (receiver.TypeArguments.Length == 1 && receiver.TypeArguments[0] is ITypeParameterSymbol && (Naming.Contains(name) || Unevaluated.Contains(name)))
            {
                // A generic helper (Configure<T>(EntityTypeBuilder<T> b)) names tables or columns for entities it is not told of here.
                Problem(context, "a generic helper calls " + name + " for entity types the analyzers cannot tell");
                return;
            }

            if (receiver.TypeArguments.Length != 1 || receiver.TypeArguments[0] is not INamedTypeSymbol entityType)
            {
                return;
            }

            string entity = Facts.Key(entityType);

            if (addsToModel && !ContextOf.ContainsKey(entity))
            {
                ContextOf.Add(entity, context);
            }

            var fluent = For(entity);
            if (name is "Property" or "PrimitiveCollection" or "IndexerProperty")
            {
                ReadNamedProperty(fluent, method, invocation, semanticModel, cancellationToken);
            }

            switch (name)
            {
                case "UseXminAsConcurrencyToken":
                    fluent.NamedProperties.Add("xmin");
                    break;
                case "ToTable" or "ToView":
                    if (invocation.ArgumentList.Arguments.Count == 0 || !IsStringParameter(method, 0))
                    {
                        fluent.NotAnalyzed ??= name + " is called in a form the analyzers do not evaluate";
                        break;
                    }

                    foreach (var argument in invocation.ArgumentList.Arguments)
                    {
                        if (argument.Expression is LambdaExpressionSyntax lambda && lambda.ToString().IndexOf("ExcludeFromMigrations", StringComparison.Ordinal) >= 0)
                        {
                            fluent.ExcludedFromMigrations = true;
                        }
                    }

                    if (Constant(invocation, 0, semanticModel, cancellationToken) is string table)
                    {
                        fluent.Table = table;
                        fluent.ToView = name == "ToView";
                        fluent.Schema = IsStringParameter(method, 1) && Constant(invocation, 1, semanticModel, cancellationToken) is string schema ? schema : null;
                        if (IsStringParameter(method, 1) && fluent.Schema == null && invocation.ArgumentList.Arguments.Count > 1 && !IsNullLiteral(invocation.ArgumentList.Arguments[1].Expression))
                        {
                            fluent.NotAnalyzed ??= name + " is given a schema computed at run time";
                        }
                    }
                    else if (invocation.ArgumentList.Arguments[0].Expression is LiteralExpressionSyntax { Token.ValueText: "null" } || IsNullLiteral(invocation.ArgumentList.Arguments[0].Expression))
                    {
                        fluent.NotAnalyzed ??= name + "(null) maps the entity to no table";
                    }
                    else
                    {
                        fluent.NotAnalyzed ??= name + " is given a name computed at run time";
                    }

                    break;
                case "HasNoKey":
                    fluent.Keyless = true;
                    break;
                case "HasDiscriminator":
                    // A discriminator column, whether or not the derived types are in view: a column no CLR property maps.
                    fluent.HasShadowProperties = true;
                    break;
                case "UseTptMappingStrategy" or "UseTpcMappingStrategy" or "UseTphMappingStrategy":
                    fluent.MappingStrategy = name.Substring(3, 3).ToUpperInvariant();
                    break;
                case "OwnsOne" or "OwnsMany" when PropertyOfLambda(invocation, semanticModel, cancellationToken) is { } navigation:
                    fluent.OwnedNavigations[navigation] = invocation.ArgumentList.Arguments.Count > 1;
                    break;
                case "HasKey":
                    fluent.KeyConfigured = true;
                    fluent.Key = KeyProperties(invocation, semanticModel, cancellationToken);
                    break;
                case "Property" when method.IsGenericMethod && invocation.ArgumentList.Arguments.Count == 1 && semanticModel.GetTypeInfo(invocation.ArgumentList.Arguments[0].Expression, cancellationToken).Type?.SpecialType == SpecialType.System_String:
                    fluent.HasShadowProperties = true;
                    break;
                case "Ignore":
                    if (PropertyOfLambda(invocation, semanticModel, cancellationToken) is { } ignored)
                    {
                        fluent.Ignored.Add(ignored);
                    }
                    else if (Constant(invocation, 0, semanticModel, cancellationToken) is string ignoredName)
                    {
                        fluent.Ignored.Add(ignoredName);
                    }
                    else
                    {
                        fluent.NotAnalyzed ??= "Ignore is given a member computed at run time";
                    }

                    break;
                default:
                    if (Unevaluated.Contains(name))
                    {
                        fluent.NotAnalyzed ??= "its fluent configuration calls " + name + ", which the analyzers do not evaluate";
                    }
                    else if (!Harmless.Contains(name))
                    {
                        fluent.NotAnalyzed ??= "its fluent configuration calls " + name + ", which the analyzers do not know";
                    }

                    break;
            }
        }

        /// <summary>Property("Name"), Property&lt;T&gt;("Name"), Property(typeof(T), "Name"), IndexerProperty&lt;T&gt;("Name"): the name given.</summary>
        private void ReadNamedProperty(EntityFluent fluent, IMethodSymbol method, InvocationExpressionSyntax invocation, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            for (int i = 0; i < invocation.ArgumentList.Arguments.Count && i < method.Parameters.Length; i++)
            {
                if (method.Parameters[i].Type.SpecialType != SpecialType.System_String)
                {
                    continue;
                }

                if (Constant(invocation, i, semanticModel, cancellationToken) is string property)
                {
                    fluent.NamedProperties.Add(property);
                }
                else
                {
                    fluent.NamedPropertiesUnknown = true;
                }
            }
        }

        private void ReadPropertyCall(string name, IMethodSymbol method, InvocationExpressionSyntax invocation, SemanticModel semanticModel, string context, CancellationToken cancellationToken)
        {
            bool unknown = !Harmless.Contains(name) && !IsKnownLibrary(method.ContainingNamespace);
            if (name != "HasColumnName" && name != "HasColumnType" && name != "HasConversion" && name != "IsRequired" && name != "HasMaxLength" && name != "HasPrecision" && name != "IsFixedLength" && !unknown)
            {
                return;
            }

            // Find Property(e => e.P) at the root of the chain, on EntityTypeBuilder<T>.
            ExpressionSyntax current = invocation;
            while (current is InvocationExpressionSyntax call && call.Expression is MemberAccessExpressionSyntax access)
            {
                if (access.Name.Identifier.ValueText == "Property"
                    && semanticModel.GetSymbolInfo(call, cancellationToken).Symbol is IMethodSymbol propertyCall
                    && (propertyCall.ReducedFrom != null ? propertyCall.ReceiverType : propertyCall.ContainingType) is INamedTypeSymbol { Name: "EntityTypeBuilder", TypeArguments.Length: 1 } entityBuilder
                    && entityBuilder.TypeArguments[0] is INamedTypeSymbol entityType)
                {
                    string entity = Facts.Key(entityType);
                    string? propertyName = PropertyOfLambda(call, semanticModel, cancellationToken) ?? Constant(call, 0, semanticModel, cancellationToken) as string;
                    if (propertyName == null)
                    {
                        For(entity).NotAnalyzed ??= "Property is given a member computed at run time";
                        return;
                    }

                    if (!ContextOf.ContainsKey(entity))
                    {
                        ContextOf.Add(entity, context);
                    }

                    if (unknown)
                    {
                        // The project's own extension (HasJsonColumn()) may set the column's type, name or conversion.
                        For(entity).Property(propertyName).NotAnalyzed ??= "its configuration calls " + name + ", which the analyzers do not evaluate";
                        return;
                    }

                    Apply(For(entity).Property(propertyName), name, method, invocation, semanticModel, cancellationToken);
                    return;
                }

                current = access.Expression;
            }
        }

        /// <summary>
        /// HasForeignKey on ReferenceCollectionBuilder&lt;TPrincipal, TDependent&gt; or ReferenceReferenceBuilder&lt;A, B&gt;
        /// (with HasForeignKey&lt;TDependent&gt;): records the FK property on the dependent.
        /// </summary>
        private void ReadForeignKey(IMethodSymbol method, InvocationExpressionSyntax invocation, INamedTypeSymbol receiver, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            if (receiver.TypeArguments.Length != 2 || receiver.TypeArguments[0] is not INamedTypeSymbol first || receiver.TypeArguments[1] is not INamedTypeSymbol second)
            {
                return;
            }

            INamedTypeSymbol principal = first, dependent = second;
            if (receiver.Name == "ReferenceReferenceBuilder")
            {
                if (method.TypeArguments.Length != 1 || method.TypeArguments[0] is not INamedTypeSymbol named)
                {
                    return;
                }

                dependent = named;
                principal = SymbolEqualityComparer.Default.Equals(named, first) ? second : first;
            }

            string? property = PropertyOfLambda(invocation, semanticModel, cancellationToken)
                ?? (invocation.ArgumentList.Arguments.Count == 1 ? Constant(invocation, 0, semanticModel, cancellationToken) as string : null);
            if (property == null)
            {
                return;
            }

            // HasPrincipalKey anywhere in the same chain means the FK references another key.
            bool customKey = false;
            for (SyntaxNode? node = invocation; node != null && node is not StatementSyntax && node is not LambdaExpressionSyntax; node = node.Parent)
            {
                foreach (var inner in node.DescendantNodesAndSelf())
                {
                    if (inner is InvocationExpressionSyntax call && Facts.InvokedName(call) == "HasPrincipalKey")
                    {
                        customKey = true;
                    }
                }
            }

            For(Facts.Key(dependent)).ForeignKeys.Add((Facts.Key(principal), property, customKey));
        }

        private void Apply(PropertyFluent property, string name, IMethodSymbol method, InvocationExpressionSyntax invocation, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            switch (name)
            {
                case "HasColumnName":
                    if (Constant(invocation, 0, semanticModel, cancellationToken) is string column)
                    {
                        property.Column = column;
                    }
                    else
                    {
                        property.NotAnalyzed ??= "HasColumnName is given a name computed at run time";
                    }

                    break;
                case "HasColumnType":
                    if (Constant(invocation, 0, semanticModel, cancellationToken) is string type)
                    {
                        property.ColumnType = type;
                    }
                    else
                    {
                        property.NotAnalyzed ??= "HasColumnType is given a type computed at run time";
                    }

                    break;
                case "HasMaxLength":
                    property.MaxLength = Constant(invocation, 0, semanticModel, cancellationToken) as int?;
                    if (property.MaxLength == null)
                    {
                        property.StoreTypeUnknown ??= "HasMaxLength is given a value computed at run time";
                    }

                    break;
                case "HasPrecision":
                    if (Constant(invocation, 0, semanticModel, cancellationToken) is int precision
                        && (invocation.ArgumentList.Arguments.Count < 2 || Constant(invocation, 1, semanticModel, cancellationToken) is int))
                    {
                        property.Precision = (precision, Constant(invocation, 1, semanticModel, cancellationToken) as int?);
                    }
                    else
                    {
                        property.StoreTypeUnknown ??= "HasPrecision is given a value computed at run time";
                    }

                    break;
                case "IsFixedLength":
                    property.StoreTypeUnknown ??= "IsFixedLength makes a fixed-length type of it";
                    break;
                case "IsRequired":
                    property.Required = invocation.ArgumentList.Arguments.Count == 0 || Constant(invocation, 0, semanticModel, cancellationToken) is true;
                    if (invocation.ArgumentList.Arguments.Count == 1 && Constant(invocation, 0, semanticModel, cancellationToken) is not bool)
                    {
                        property.NotAnalyzed ??= "IsRequired is given a value computed at run time";
                    }

                    break;
                case "HasConversion":
                    // HasConversion<TProvider>() stores TProvider; a converter instance or lambdas store what we cannot see.
                    if (method.TypeArguments.Length == 1 && invocation.ArgumentList.Arguments.Count == 0 && ClrType.Classify(method.TypeArguments[0]) is { IsKnown: true } provider)
                    {
                        property.ProviderType = provider;
                    }
                    else if (invocation.ArgumentList.Arguments.Count == 1 && semanticModel.GetTypeInfo(invocation.ArgumentList.Arguments[0].Expression, cancellationToken).Type is ITypeSymbol argumentType
                        && argumentType.Name == "Type" && invocation.ArgumentList.Arguments[0].Expression is TypeOfExpressionSyntax typeOf
                        && semanticModel.GetTypeInfo(typeOf.Type, cancellationToken).Type is ITypeSymbol providerType && ClrType.Classify(providerType) is { IsKnown: true } classified)
                    {
                        property.ProviderType = classified;
                    }
                    else
                    {
                        property.NotAnalyzed ??= "HasConversion converts its value with code the analyzers do not evaluate";
                    }

                    break;
            }
        }

        private void Problem(string context, string reason)
        {
            if (!ContextProblems.ContainsKey(context))
            {
                ContextProblems.Add(context, reason);
            }
        }

        /// <summary>HasKey(e =&gt; e.P), HasKey(e =&gt; new { e.A, e.B }), HasKey("A", "B"), HasKey(nameof(A)): the property names, or null.</summary>
        private List<string>? KeyProperties(InvocationExpressionSyntax invocation, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            if (PropertyOfLambda(invocation, semanticModel, cancellationToken) is { } single)
            {
                return new List<string> { single };
            }

            var arguments = invocation.ArgumentList.Arguments;
            if (arguments.Count == 1 && arguments[0].Expression is LambdaExpressionSyntax { Body: AnonymousObjectCreationExpressionSyntax anonymous })
            {
                var names = new List<string>();
                foreach (var member in anonymous.Initializers)
                {
                    if (member.Expression is not MemberAccessExpressionSyntax access || semanticModel.GetSymbolInfo(access, cancellationToken).Symbol is not IPropertySymbol property)
                    {
                        return null;
                    }

                    names.Add(property.Name);
                }

                return names;
            }

            var constants = new List<string>();
            for (int i = 0; i < arguments.Count; i++)
            {
                if (Constant(invocation, i, semanticModel, cancellationToken) is not string name)
                {
                    return null;
                }

                constants.Add(name);
            }

            return constants.Count > 0 ? constants : null;
        }

        /// <summary><c>e =&gt; e.P</c> → "P".</summary>
        private static string? PropertyOfLambda(InvocationExpressionSyntax invocation, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            if (invocation.ArgumentList.Arguments.Count == 0)
            {
                return null;
            }

            var body = invocation.ArgumentList.Arguments[0].Expression switch
            {
                SimpleLambdaExpressionSyntax simple => simple.ExpressionBody,
                ParenthesizedLambdaExpressionSyntax parenthesized => parenthesized.ExpressionBody,
                _ => null,
            };
            return body is MemberAccessExpressionSyntax member && semanticModel.GetSymbolInfo(member, cancellationToken).Symbol is IPropertySymbol property ? property.Name : null;
        }

        /// <summary>
        /// Other files whose constants the configuration read: it holds while they are unchanged. By content, not as syntax
        /// trees: the configuration is kept across builds, and a tree would keep its build's text and syntax alive.
        /// </summary>
        public HashSet<SourceId> ConstantSources { get; } = new HashSet<SourceId>();

        private object? Constant(InvocationExpressionSyntax invocation, int index, SemanticModel semanticModel, CancellationToken cancellationToken)
        {
            if (invocation.ArgumentList.Arguments.Count <= index)
            {
                return null;
            }

            var expression = invocation.ArgumentList.Arguments[index].Expression;
            foreach (var file in Facts.ConstantFiles(expression, semanticModel, cancellationToken))
            {
                ConstantSources.Add(SourceId.Of(file));
            }

            var value = semanticModel.GetConstantValue(expression, cancellationToken);
            return value.HasValue ? value.Value : null;
        }

        private static bool IsNullLiteral(ExpressionSyntax expression) => expression is LiteralExpressionSyntax literal && literal.Token.ValueText == "null";

        private static bool IsStringParameter(IMethodSymbol method, int index)
            => method.Parameters.Length > index && method.Parameters[index].Type.SpecialType == SpecialType.System_String;
    }

    /// <summary>
    /// The fluent configuration of a compilation's contexts, read once and kept while every file it was read from (the
    /// contexts, the configuration classes, the constants they use) is unchanged, no context or configuration class was
    /// added or removed, and the names it binds still bind the same (<see cref="CompilationStamp.StillBinds"/>): editing an
    /// entity, typing a new type's name, or building again does not re-read OnModelCreating. A few entries per project (its
    /// assembly name and options, by content: <see cref="CompilationStamp.Project"/>); beyond <see cref="MaxProjects"/>
    /// projects everything is dropped and read again.
    /// </summary>
    internal static class FluentConfigurationCache
    {
        // A few entries per project: two versions of one may be analyzed in turn (a test host does; an editor may).
        private const int EntriesPerProject = 4;
        private const int MaxProjects = 1_000;

        private static readonly ConcurrentDictionary<string, Entry[]> Cache = new ConcurrentDictionary<string, Entry[]>(StringComparer.Ordinal);

        /// <summary>
        /// The configuration of <paramref name="contexts"/>: their OnModelCreating, the <paramref name="configurations"/> they
        /// apply, and the configurations that the [EntityTypeConfiguration] of <paramref name="configuredByAttribute"/> names.
        /// </summary>
        public static FluentConfiguration For(Compilation compilation, List<TypeFacts> contexts, List<TypeFacts> configurations, List<TypeFacts> configuredByAttribute, CompilationStamp stamp, CancellationToken cancellationToken)
        {
            var signature = new StringBuilder();
            foreach (var context in contexts)
            {
                signature.Append(context.Key).Append('\u0001');
            }

            signature.Append('\u0002');
            foreach (var configuration in configurations)
            {
                signature.Append(configuration.Key).Append('\u0001');
            }

            signature.Append('\u0002');
            foreach (var entity in configuredByAttribute)
            {
                signature.Append(entity.Key).Append('\u0003').Append(entity.ConfiguredBy).Append('\u0001');
            }

            var index = SourceIndex.Of(compilation);
            var recent = Cache.TryGetValue(stamp.Project, out var entries) ? entries : Array.Empty<Entry>();
            string key = signature.ToString();
            foreach (var kept in recent)
            {
                if (kept.Signature == key && kept.Inputs.AllIn(index) && kept.HoldsUnder(stamp, index, cancellationToken))
                {
                    return kept.Configuration;
                }
            }

            var fluent = new FluentConfiguration();
            var inputs = new HashSet<SyntaxTree>();
            var configurationSymbols = new List<INamedTypeSymbol>();
            foreach (var configuration in configurations)
            {
                if (SymbolOf(compilation, index, configuration, cancellationToken) is { } symbol)
                {
                    configurationSymbols.Add(symbol);
                    AddTrees(symbol, inputs);
                }
            }

            var contextSymbols = new List<INamedTypeSymbol>();
            foreach (var context in contexts)
            {
                if (SymbolOf(compilation, index, context, cancellationToken) is { } symbol)
                {
                    contextSymbols.Add(symbol);
                }
            }

            // What entities name with [EntityTypeConfiguration] first, for every context: EF Core applies it as the entity
            // joins the model, and every OnModelCreating (configuration is kept per entity, not per context) overrides it.
            if (configuredByAttribute.Count > 0)
            {
                var configurationsByKey = new Dictionary<string, INamedTypeSymbol>(StringComparer.Ordinal);
                foreach (var symbol in configurationSymbols)
                {
                    configurationsByKey[Facts.Key(symbol)] = symbol;
                }

                foreach (var context in contextSymbols)
                {
                    ReadConfigurationAttributes(compilation, Facts.Key(context), configuredByAttribute, configurationsByKey, fluent, inputs, cancellationToken);
                }
            }

            foreach (var context in contextSymbols)
            {
                ReadModelConfiguration(compilation, context, Facts.Key(context), configurationSymbols, fluent, inputs, cancellationToken);
            }

            var read = new HashSet<SourceId>(fluent.ConstantSources);
            read.UnionWith(fluent.HelperSources);
            var next = MostRecentFirst.Add(recent, new Entry(key, fluent, new SourceFiles(inputs, read), stamp), EntriesPerProject);
            if (Cache.Count >= MaxProjects)
            {
                Cache.Clear();
            }

            Cache[stamp.Project] = next;
            return fluent;
        }

        /// <summary>
        /// The configurations that entities name with [EntityTypeConfiguration], read for <paramref name="contextKey"/>: a
        /// problem in one concerns every context the entity may be in. They add no entity to the model. An entity whose
        /// configuration cannot be read (no source, or generic) is not analyzed: its table and columns may be anything.
        /// </summary>
        private static void ReadConfigurationAttributes(Compilation compilation, string contextKey, List<TypeFacts> configuredByAttribute, Dictionary<string, INamedTypeSymbol> configurations, FluentConfiguration fluent, HashSet<SyntaxTree> inputs, CancellationToken cancellationToken)
        {
            foreach (var entity in configuredByAttribute)
            {
                if (configurations.TryGetValue(entity.ConfiguredBy!, out var named))
                {
                    ReadConfiguration(compilation, named, contextKey, addsToModel: false, fluent, inputs, cancellationToken);
                }
                else
                {
                    fluent.For(entity.Key).NotAnalyzed ??= "[EntityTypeConfiguration] names " + entity.ConfiguredBy!.Replace("global::", string.Empty) + ", which the analyzers cannot read: no source, or generic";
                }
            }
        }

        private static void AddTrees(INamedTypeSymbol type, HashSet<SyntaxTree> trees)
        {
            for (var t = type; t != null; t = t.BaseType)
            {
                foreach (var reference in t.DeclaringSyntaxReferences)
                {
                    trees.Add(reference.SyntaxTree);
                }
            }
        }

        /// <summary>The symbol of a source type in <paramref name="compilation"/>, from where its facts say it is declared.</summary>
        private static INamedTypeSymbol? SymbolOf(Compilation compilation, SourceIndex index, TypeFacts type, CancellationToken cancellationToken)
        {
            if (index.Tree(type.Location.File) is not { } tree)
            {
                return null;
            }

            var node = tree.GetRoot(cancellationToken).FindNode(type.Location.Span);
            var declaration = node.FirstAncestorOrSelf<BaseTypeDeclarationSyntax>();
            return declaration != null ? SemanticModels.For(compilation, tree).GetDeclaredSymbol(declaration, cancellationToken) as INamedTypeSymbol : null;
        }

        /// <summary>
        /// Reads the context's OnModelCreating, and the Configure methods of the IEntityTypeConfiguration classes it
        /// applies (ApplyConfiguration(new X()), or all of them with ApplyConfigurationsFromAssembly); ConfigureConventions
        /// blocks the analysis only where it changes column types or conversions model-wide.
        /// </summary>
        private static void ReadModelConfiguration(Compilation compilation, INamedTypeSymbol context, string contextKey, List<INamedTypeSymbol> configurations, FluentConfiguration fluent, HashSet<SyntaxTree> inputs, CancellationToken cancellationToken)
        {
            AddTrees(context, inputs);
            for (var type = context; type != null && !Namespaces.IsWithin(type.ContainingNamespace, "Microsoft", "EntityFrameworkCore"); type = type.BaseType)
            {
                foreach (var member in type.GetMembers())
                {
                    if (member is not IMethodSymbol { IsOverride: true } method || (method.Name != "OnModelCreating" && method.Name != "ConfigureConventions"))
                    {
                        continue;
                    }

                    if (method.DeclaringSyntaxReferences.IsEmpty && method.Name == "OnModelCreating" && !Namespaces.IsWithin(type.ContainingNamespace, "Microsoft", "AspNetCore", "Identity"))
                    {
                        // A base context in a referenced assembly configures the model in code the analyzers cannot read.
                        fluent.ContextProblems[contextKey] = "its base context " + type.Name + " (assembly " + type.ContainingAssembly.Name + ") configures the model in its OnModelCreating, which the analyzers cannot read";
                        fluent.MembershipUnknown.Add(contextKey);
                    }

                    foreach (var reference in method.DeclaringSyntaxReferences)
                    {
                        var body = reference.GetSyntax(cancellationToken);
                        var semanticModel = SemanticModels.For(compilation, body.SyntaxTree);
                        if (method.Name == "ConfigureConventions")
                        {
                            foreach (var node in body.DescendantNodes())
                            {
                                if (node is InvocationExpressionSyntax invocation && Facts.InvokedName(invocation) is "HaveColumnType" or "HaveConversion")
                                {
                                    fluent.ContextProblems[contextKey] = "ConfigureConventions sets column types or conversions model-wide, which the analyzers do not evaluate";
                                }

                                if (node is InvocationExpressionSyntax call && Facts.InvokedName(call) is { } called && called != "ConfigureConventions" && !fluent.ConventionsConfigured.ContainsKey(contextKey))
                                {
                                    fluent.ConventionsConfigured.Add(contextKey, called);
                                }
                            }

                            continue;
                        }

                        fluent.Read(body, semanticModel, contextKey, addsToModel: true, cancellationToken);
                        foreach (var node in body.DescendantNodes())
                        {
                            if (node is not InvocationExpressionSyntax invocation)
                            {
                                continue;
                            }

                            string? name = Facts.InvokedName(invocation);
                            if (name == "ApplyConfigurationsFromAssembly")
                            {
                                foreach (var configuration in configurations)
                                {
                                    ReadConfiguration(compilation, configuration, contextKey, addsToModel: true, fluent, inputs, cancellationToken);
                                }
                            }
                            else if (name == "ApplyConfiguration" && invocation.ArgumentList.Arguments.Count == 1
                                && semanticModel.GetTypeInfo(invocation.ArgumentList.Arguments[0].Expression, cancellationToken).Type is INamedTypeSymbol applied)
                            {
                                ReadConfiguration(compilation, applied, contextKey, addsToModel: true, fluent, inputs, cancellationToken);
                            }
                        }
                    }
                }
            }
        }

        private static void ReadConfiguration(Compilation compilation, INamedTypeSymbol configuration, string contextKey, bool addsToModel, FluentConfiguration fluent, HashSet<SyntaxTree> inputs, CancellationToken cancellationToken)
        {
            AddTrees(configuration, inputs);
            foreach (var member in configuration.GetMembers("Configure"))
            {
                foreach (var reference in member.DeclaringSyntaxReferences)
                {
                    var body = reference.GetSyntax(cancellationToken);
                    fluent.Read(body, SemanticModels.For(compilation, body.SyntaxTree), contextKey, addsToModel, cancellationToken);
                }
            }
        }

        private sealed class Entry
        {
            private CompilationStamp stamp;

            public Entry(string signature, FluentConfiguration configuration, SourceFiles inputs, CompilationStamp stamp)
            {
                Signature = signature;
                Configuration = configuration;
                Inputs = inputs;
                this.stamp = stamp;
            }

            /// <summary>Whether the calls it bound bind the same under <paramref name="current"/> (which it then takes, so that the next compilation compares by reference).</summary>
            public bool HoldsUnder(CompilationStamp current, SourceIndex index, CancellationToken cancellationToken)
                => current.Adopts(ref stamp, index, null, Inputs, bindsCalls: true, cancellationToken);

            public string Signature { get; }

            public FluentConfiguration Configuration { get; }

            /// <summary>Every file the configuration was read from.</summary>
            public SourceFiles Inputs { get; }
        }
    }
}
