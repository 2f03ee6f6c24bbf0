using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DriftAnalyzers.Model.Migrations
{
    /// <summary>
    /// Reads the model snapshots a file declares from its syntax alone: EF Core generates them (<c>dotnet ef migrations
    /// add</c>) as one regular, fully explicit <c>BuildModel</c> method of string-named builder calls, from EF Core 2 to 10.
    /// What the reader does not recognise it skips; an entity whose table or view it cannot read is marked
    /// <see cref="SnapshotEntity.Unreadable"/>, never guessed.
    /// </summary>
    internal static class ModelSnapshotReader
    {
        /// <summary>Whether the text may declare a model snapshot: the cheap test before a file is parsed or walked.</summary>
        public static bool MayDeclareSnapshot(string text)
            => text.IndexOf("ModelSnapshot", StringComparison.Ordinal) >= 0 && text.IndexOf("BuildModel", StringComparison.Ordinal) >= 0;

        public static ImmutableArray<MigrationsModel> Read(SyntaxTree tree, CancellationToken cancellationToken)
        {
            var result = ImmutableArray.CreateBuilder<MigrationsModel>();
            var root = tree.GetRoot(cancellationToken);
            foreach (var node in root.DescendantNodes(n => n is CompilationUnitSyntax || n is BaseNamespaceDeclarationSyntax || n is ClassDeclarationSyntax))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (node is ClassDeclarationSyntax type && IsModelSnapshot(type) && ContextName(type) is { } context && BuildModel(type) is { } method)
                {
                    var file = SourceId.Of(tree);
                    var reader = new BodyReader(file, cancellationToken);
                    string text = type.ToString();
                    bool isNpgsql = text.IndexOf("Npgsql", StringComparison.Ordinal) >= 0 || text.IndexOf("\"Relational:MaxIdentifierLength\", 63)", StringComparison.Ordinal) >= 0;
                    reader.ReadModel(method);
                    result.Add(new MigrationsModel(
                        context,
                        NamespacesOf(type),
                        reader.DefaultSchema,
                        isNpgsql,
                        reader.Entities.ToImmutableArray(),
                        new FileSpan(file, type.Identifier.Span),
                        tree.FilePath ?? string.Empty,
                        TypeKey(type),
                        reader.AllSequences()));
                }
            }

            return result.ToImmutable();
        }

        /// <summary>The class's key as <see cref="Facts.Key"/> writes it: <c>global::</c>, namespaces, containing types, name.</summary>
        internal static string TypeKey(ClassDeclarationSyntax type)
        {
            var name = type.Identifier.ValueText;
            for (var ancestor = type.Parent; ancestor != null; ancestor = ancestor.Parent)
            {
                if (ancestor is TypeDeclarationSyntax outer)
                {
                    name = outer.Identifier.ValueText + "." + name;
                }
                else if (ancestor is BaseNamespaceDeclarationSyntax ns)
                {
                    name = ns.Name.ToString() + "." + name;
                }
            }

            return "global::" + name;
        }

        private static bool IsModelSnapshot(ClassDeclarationSyntax type)
        {
            if (type.BaseList == null)
            {
                return false;
            }

            foreach (var baseType in type.BaseList.Types)
            {
                if (LastName(baseType.Type) == "ModelSnapshot")
                {
                    return true;
                }
            }

            return false;
        }

        internal static string? ContextName(ClassDeclarationSyntax type)
        {
            foreach (var list in type.AttributeLists)
            {
                foreach (var attribute in list.Attributes)
                {
                    string name = LastName(attribute.Name);
                    if ((name == "DbContext" || name == "DbContextAttribute") && attribute.ArgumentList is { Arguments.Count: 1 } arguments
                        && arguments.Arguments[0].Expression is TypeOfExpressionSyntax typeOf)
                    {
                        return typeOf.Type.ToString();
                    }
                }
            }

            return null;
        }

        private static MethodDeclarationSyntax? BuildModel(ClassDeclarationSyntax type)
        {
            foreach (var member in type.Members)
            {
                if (member is MethodDeclarationSyntax { Identifier.ValueText: "BuildModel", ParameterList.Parameters.Count: 1 } method)
                {
                    return method;
                }
            }

            return null;
        }

        internal static ImmutableArray<string> NamespacesOf(SyntaxNode node)
        {
            var usings = new List<string>();
            var enclosing = new List<string>();
            for (var ancestor = node.Parent; ancestor != null; ancestor = ancestor.Parent)
            {
                SyntaxList<UsingDirectiveSyntax> directives = default;
                if (ancestor is BaseNamespaceDeclarationSyntax ns)
                {
                    directives = ns.Usings;
                    string name = ns.Name.ToString();
                    for (int i = enclosing.Count - 1; i >= 0; i--)
                    {
                        enclosing[i] = name + "." + enclosing[i];
                    }

                    // Each outer namespace is also searched (a name in App.Data.Migrations resolves in App.Data and App too).
                    var parts = name.Split('.');
                    for (int length = parts.Length; length >= 1; length--)
                    {
                        enclosing.Add(string.Join(".", parts, 0, length));
                    }
                }
                else if (ancestor is CompilationUnitSyntax unit)
                {
                    directives = unit.Usings;
                }

                foreach (var directive in directives)
                {
                    if (directive.Alias == null && directive.StaticKeyword.IsKind(SyntaxKind.None) && directive.Name != null)
                    {
                        usings.Add(directive.Name.ToString().Replace("global::", string.Empty));
                    }
                }
            }

            var result = ImmutableArray.CreateBuilder<string>(usings.Count + enclosing.Count);
            result.AddRange(enclosing);
            result.AddRange(usings);
            return result.ToImmutable();
        }

        internal static string LastName(NameSyntax name) => name switch
        {
            QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
            AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            _ => name.ToString(),
        };

        private static string LastName(TypeSyntax type) => type is NameSyntax name ? LastName(name) : type.ToString();

        /// <summary>One call of a chain: <c>.HasColumnType("integer")</c>.</summary>
        private readonly struct Link
        {
            public Link(string name, InvocationExpressionSyntax call, TypeArgumentListSyntax? typeArguments, bool wrapping = false)
            {
                Name = name;
                Call = call;
                TypeArguments = typeArguments;
                var arguments = call.ArgumentList.Arguments;
                Arguments = wrapping ? arguments.RemoveAt(0) : arguments;
            }

            public string Name { get; }

            public InvocationExpressionSyntax Call { get; }

            public TypeArgumentListSyntax? TypeArguments { get; }

            /// <summary>The call's arguments; for a static extension call that wraps the chain, those after the chain.</summary>
            public SeparatedSyntaxList<ArgumentSyntax> Arguments { get; }
        }

        /// <summary>Walks one BuildModel body into entities.</summary>
        private sealed class BodyReader
        {
            private readonly SourceId file;
            private readonly CancellationToken cancellationToken;
            private readonly Dictionary<string, SnapshotEntity> byName = new Dictionary<string, SnapshotEntity>(StringComparer.Ordinal);

            public BodyReader(SourceId file, CancellationToken cancellationToken)
            {
                this.file = file;
                this.cancellationToken = cancellationToken;
            }

            public List<SnapshotEntity> Entities { get; } = new List<SnapshotEntity>();

            public string? DefaultSchema { get; private set; }

            public void ReadModel(MethodDeclarationSyntax method)
            {
                string builder = method.ParameterList.Parameters[0].Identifier.ValueText;
                foreach (var expression in Statements(method.Body, method.ExpressionBody?.Expression))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (Chain(expression, builder) is not { } chain)
                    {
                        continue;
                    }

                    foreach (var link in chain)
                    {
                        switch (link.Name)
                        {
                            case "HasDefaultSchema":
                                DefaultSchema = StringArgument(link, 0) ?? DefaultSchema;
                                break;
                            case "HasSequence" when StringArgument(link, 0) is { } sequence:
                                ReadSequence(sequence, chain, link);
                                break;
                            case "Entity" when StringArgument(link, 0) is { } name:
                                var entity = Entity(name, link.Call);
                                if (link.Arguments.Count > 1 && link.Arguments[link.Arguments.Count - 1].Expression is LambdaExpressionSyntax lambda)
                                {
                                    ReadEntity(entity, lambda);
                                }

                                break;
                        }
                    }
                }
            }

            /// <summary>
            /// <c>HasSequence("name", "schema")</c> or <c>HasSequence&lt;int&gt;(...)</c> and what follows it: StartsAt, IncrementsBy.
            /// A value the reader cannot read (not a literal) makes that fact unknown, never a guess.
            /// </summary>
            private void ReadSequence(string name, List<Link> chain, Link hasSequence)
            {
                string? type = hasSequence.TypeArguments is not { } typeArguments ? "bigint"
                    : typeArguments.Arguments.Count != 1 ? null
                    : typeArguments.Arguments[0].ToString() switch
                    {
                        "long" or "Int64" or "System.Int64" => "bigint",
                        "int" or "Int32" or "System.Int32" => "integer",
                        "short" or "Int16" or "System.Int16" => "smallint",
                        _ => null,
                    };
                long? start = 1;
                long? increment = 1;
                bool after = false;
                foreach (var link in chain)
                {
                    if (link.Call == hasSequence.Call)
                    {
                        after = true;
                        continue;
                    }

                    if (!after)
                    {
                        continue;
                    }

                    switch (link.Name)
                    {
                        case "StartsAt":
                            start = LongArgument(link, 0);
                            break;
                        case "IncrementsBy":
                            increment = LongArgument(link, 0);
                            break;
                    }
                }

                Sequences.Add(new SnapshotSequence(name, StringArgument(hasSequence, 1), type, start, increment, "HasSequence", new FileSpan(file, hasSequence.Call.Span)));
            }

            public List<SnapshotSequence> Sequences { get; } = new List<SnapshotSequence>();

            /// <summary>The HasSequence calls, then the HiLo sequences properties name that none of them declares.</summary>
            public ImmutableArray<SnapshotSequence> AllSequences()
            {
                var all = ImmutableArray.CreateBuilder<SnapshotSequence>();
                var declared = new HashSet<string>(StringComparer.Ordinal);
                foreach (var sequence in Sequences)
                {
                    all.Add(sequence);
                    declared.Add((sequence.Schema ?? string.Empty) + "\u0000" + sequence.Name);
                }

                AddHiLo(Entities, all, declared);
                return all.ToImmutable();
            }

            private static void AddHiLo(List<SnapshotEntity> entities, ImmutableArray<SnapshotSequence>.Builder all, HashSet<string> declared)
            {
                foreach (var entity in entities)
                {
                    foreach (var property in entity.Properties)
                    {
                        if (property.HiLoSequence is { } name && declared.Add((property.HiLoSchema ?? string.Empty) + "\u0000" + name))
                        {
                            all.Add(new SnapshotSequence(name, property.HiLoSchema, null, null, null, "UseHiLo", property.Location));
                        }
                    }

                    AddHiLo(entity.Owned, all, declared);
                }
            }

            private SnapshotEntity Entity(string name, SyntaxNode at)
            {
                if (!byName.TryGetValue(name, out var entity))
                {
                    entity = new SnapshotEntity(name, new FileSpan(file, at.Span));
                    byName.Add(name, entity);
                    Entities.Add(entity);
                }

                return entity;
            }

            private static IEnumerable<ExpressionSyntax> Statements(BlockSyntax? block, ExpressionSyntax? expressionBody)
            {
                if (expressionBody != null)
                {
                    yield return expressionBody;
                }

                if (block == null)
                {
                    yield break;
                }

                foreach (var statement in block.Statements)
                {
                    if (statement is ExpressionStatementSyntax expressionStatement)
                    {
                        yield return expressionStatement.Expression;
                    }
                }
            }

            private void ReadEntity(SnapshotEntity entity, LambdaExpressionSyntax lambda)
            {
                if (Parameter(lambda) is not { } builder)
                {
                    return;
                }

                foreach (var expression in Statements(lambda.Block, lambda.ExpressionBody))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (Chain(expression, builder) is not { Count: > 0 } chain)
                    {
                        continue;
                    }

                    var first = chain[0];
                    switch (first.Name)
                    {
                        case "Property" or "PrimitiveCollection" or "IndexerProperty" when StringArgument(first, 0) is { } propertyName:
                            ReadProperty(entity.Property(propertyName, first.TypeArguments is { Arguments.Count: 1 } typeArguments ? typeArguments.Arguments[0].ToString() : null, new FileSpan(file, first.Call.Span)), chain);
                            break;
                        case "HasKey":
                            entity.Key = StringArguments(first);
                            break;
                        case "HasNoKey":
                            entity.Keyless = true;
                            break;
                        case "HasAlternateKey":
                            entity.AlternateKeys.Add(StringArguments(first));
                            break;
                        case "HasIndex":
                            ReadIndex(entity, chain);
                            break;
                        case "HasCheckConstraint" when StringArgument(first, 0) is { } checkName && StringArgument(first, 1) is { } checkSql:
                            // EF Core 5 and 6 write it on the entity's builder.
                            entity.CheckConstraints.Add(new SnapshotCheck(checkName, checkSql, new FileSpan(file, first.Call.Span)));
                            break;
                        case "HasDiscriminator":
                            entity.Discriminator = StringArgument(first, 0) ?? "Discriminator";
                            break;
                        case "ToTable":
                            ReadToTable(entity, first);
                            break;
                        case "ToView":
                            ReadToView(entity, first);
                            break;
                        case "ToFunction" or "ToSqlQuery":
                            entity.Unreadable ??= "it is mapped with " + first.Name;
                            break;
                        case "SplitToTable" or "SplitToView":
                            MarkSplit(entity, first);
                            break;
                        case "HasBaseType":
                            entity.BaseType = StringArgument(first, 0);
                            break;
                        case "UseTphMappingStrategy" or "UseTptMappingStrategy" or "UseTpcMappingStrategy":
                            entity.MappingStrategy = first.Name.Substring(3, 3).ToUpperInvariant();
                            break;
                        case "HasAnnotation":
                            ReadEntityAnnotation(entity, first);
                            break;
                        case "HasOne":
                            ReadRelationship(entity, chain);
                            break;
                        case "OwnsOne" or "OwnsMany":
                            ReadOwned(entity, first);
                            break;
                        case "ComplexProperty":
                            ReadComplex(entity, first);
                            break;
                        case "WithOwner":
                            ReadOwnership(entity, chain);
                            break;
                        case "ToJson":
                            entity.IsJson = true;
                            entity.JsonColumn = StringArgument(first, 0);
                            break;
                        case "Navigation" when StringArgument(first, 0) is { } navigation && HasLink(chain, "IsRequired") is { } isRequired && BoolArgument(isRequired, 0, true):
                            entity.RequiredNavigations.Add(navigation);
                            break;
                        case "IsRequired" when entity.IsComplex && BoolArgument(first, 0, true):
                            entity.RequiredNavigations.Add(entity.Navigation ?? string.Empty);
                            break;
                    }
                }
            }

            private static void ReadProperty(SnapshotProperty property, List<Link> chain)
            {
                for (int i = 1; i < chain.Count; i++)
                {
                    var link = chain[i];
                    switch (link.Name)
                    {
                        case "HasColumnName":
                            property.Column = StringArgument(link, 0) ?? property.Column;
                            break;
                        case "HasColumnType":
                            property.ColumnType = StringArgument(link, 0) ?? property.ColumnType;
                            break;
                        case "IsRequired":
                            property.IsRequired = BoolArgument(link, 0, true);
                            break;
                        case "HasMaxLength":
                            property.MaxLength = IntArgument(link, 0);
                            break;
                        case "HasPrecision":
                            property.Precision = IntArgument(link, 0);
                            property.Scale = link.Arguments.Count > 1 ? IntArgument(link, 1) : null;
                            break;
                        case "HasDefaultValueSql":
                            property.DefaultValueSql = StringArgument(link, 0);
                            property.HasDefaultValue = false;
                            break;
                        case "HasDefaultValue":
                            // HasDefaultValue(null) is no default.
                            property.HasDefaultValue = !(link.Arguments.Count == 1 && IsNull(link.Arguments[0].Expression));
                            property.DefaultValue = link.Arguments.Count == 1 ? Constant(link.Arguments[0].Expression) : null;
                            property.DefaultValueSql = null;
                            break;
                        case "HasComputedColumnSql":
                            property.ComputedSql = StringArgument(link, 0);
                            property.Computed = true;
                            break;
                        case "IsGeneratedTsVectorColumn":
                            property.Computed = true;
                            break;
                        case "UseIdentityByDefaultColumn":
                            property.Generation = "identity by default";
                            break;
                        case "UseIdentityAlwaysColumn":
                            property.Generation = "identity always";
                            break;
                        case "UseSerialColumn":
                            property.Generation = "serial";
                            break;
                        case "UseHiLo":
                            property.Generation = "sequence";
                            property.HiLoSequence = StringArgument(link, 0);
                            property.HiLoSchema = property.HiLoSequence != null && link.Arguments.Count > 1 ? StringArgument(link, 1) : null;
                            break;
                        case "UseSequence":
                            property.Generation = "sequence";
                            break;
                        case "HasAnnotation":
                            // EF Core 2: names and types as annotations.
                            switch (StringArgument(link, 0))
                            {
                                case "Relational:ColumnName":
                                    property.Column = StringArgument(link, 1) ?? property.Column;
                                    break;
                                case "Relational:ColumnType":
                                    property.ColumnType = StringArgument(link, 1) ?? property.ColumnType;
                                    break;
                                case "MaxLength":
                                    property.MaxLength = IntArgument(link, 1);
                                    break;
                                case "Npgsql:HiLoSequenceName":
                                    property.HiLoSequence = StringArgument(link, 1);
                                    break;
                                case "Npgsql:HiLoSequenceSchema":
                                    property.HiLoSchema = StringArgument(link, 1);
                                    break;
                                case "Npgsql:TsVectorConfig":
                                    property.Computed = true;
                                    break;
                                case "Npgsql:ValueGenerationStrategy" when link.Arguments.Count > 1 && link.Arguments[1].Expression is MemberAccessExpressionSyntax strategy:
                                    // EF Core 2 and 3 write the strategy as an annotation.
                                    property.Generation = strategy.Name.Identifier.ValueText switch
                                    {
                                        "IdentityByDefaultColumn" => "identity by default",
                                        "IdentityAlwaysColumn" => "identity always",
                                        "SerialColumn" => "serial",
                                        "SequenceHiLo" or "Sequence" => "sequence",
                                        _ => property.Generation,
                                    };
                                    break;
                            }

                            break;
                    }
                }
            }

            /// <summary>A literal HasDefaultValue argument: a string, number, bool or char (a negative number included), else null.</summary>
            private static object? Constant(ExpressionSyntax expression)
            {
                switch (expression)
                {
                    case LiteralExpressionSyntax literal when !literal.IsKind(SyntaxKind.NullLiteralExpression):
                        return literal.Token.Value;
                    case PrefixUnaryExpressionSyntax { OperatorToken.ValueText: "-", Operand: LiteralExpressionSyntax { Token.Value: { } value } }:
                        return value switch
                        {
                            int i => -(long)i,
                            long l => -l,
                            decimal d => -d,
                            double f => -f,
                            float f => -(double)f,
                            _ => null,
                        };
                    default:
                        return null;
                }
            }

            /// <summary>
            /// HasIndex("A", "B"), HasIndex(new[] { "A", "B" }, "Name") and what follows: IsUnique, HasFilter, HasDatabaseName,
            /// and Npgsql's HasMethod and IncludeProperties (static calls wrapping the chain).
            /// </summary>
            private void ReadIndex(SnapshotEntity entity, List<Link> chain)
            {
                var hasIndex = chain[0];
                ImmutableArray<string> properties;
                string? name = null;
                if (hasIndex.Arguments.Count > 0 && hasIndex.Arguments[0].Expression is ImplicitArrayCreationExpressionSyntax or ArrayCreationExpressionSyntax)
                {
                    var names = ImmutableArray.CreateBuilder<string>();
                    var initializer = hasIndex.Arguments[0].Expression is ImplicitArrayCreationExpressionSyntax implicitArray ? implicitArray.Initializer : ((ArrayCreationExpressionSyntax)hasIndex.Arguments[0].Expression).Initializer;
                    if (initializer == null)
                    {
                        return;
                    }

                    AddStrings(initializer, names);
                    properties = names.ToImmutable();
                    name = StringArgument(hasIndex, 1);
                }
                else
                {
                    properties = StringArguments(hasIndex);
                }

                if (properties.IsEmpty || properties.Length != CountArguments(hasIndex))
                {
                    return;
                }

                // Npgsql's index calls name the index again: NpgsqlIndexBuilderExtensions.HasMethod(b.HasIndex("Label"), "hash").
                SnapshotIndex? index = null;
                foreach (var existing in entity.Indexes)
                {
                    if (existing.Properties.SequenceEqual(properties) && (name == null || existing.Name == name))
                    {
                        index = existing;
                    }
                }

                if (index == null)
                {
                    index = new SnapshotIndex(properties, name, new FileSpan(file, hasIndex.Call.Span));
                    entity.Indexes.Add(index);
                }

                for (int i = 1; i < chain.Count; i++)
                {
                    var link = chain[i];
                    switch (link.Name)
                    {
                        case "IsUnique":
                            index.Unique = BoolArgument(link, 0, true);
                            break;
                        case "HasFilter":
                            index.Filter = StringArgument(link, 0);
                            break;
                        case "HasDatabaseName" or "HasName":
                            index.Name = StringArgument(link, 0) ?? index.Name;
                            break;
                        case "HasMethod" or "ForNpgsqlHasMethod":
                            index.Method = StringArgument(link, 0);
                            break;
                        case "IncludeProperties" or "ForNpgsqlInclude":
                            index.Include = StringArguments(link);
                            break;
                        case "IsTsVectorExpressionIndex":
                            // An index on to_tsvector(...) of the columns, not on the columns.
                            index.OnExpression = true;
                            break;
                        case "HasAnnotation":
                            // EF Core 2 and 3 write Npgsql's index settings as annotations.
                            switch (StringArgument(link, 0))
                            {
                                case "Npgsql:IndexMethod":
                                    index.Method = StringArgument(link, 1) ?? index.Method;
                                    break;
                                case "Npgsql:IndexInclude":
                                    index.Include = StringArguments(link).RemoveAt(0);
                                    break;
                                case "Npgsql:TsVectorConfig":
                                    index.OnExpression = true;
                                    break;
                            }

                            break;
                    }
                }
            }

            /// <summary>The number of property names HasIndex is given (an array's elements, or its string arguments).</summary>
            private static int CountArguments(Link hasIndex)
            {
                if (hasIndex.Arguments.Count > 0 && hasIndex.Arguments[0].Expression is ImplicitArrayCreationExpressionSyntax implicitArray)
                {
                    return implicitArray.Initializer.Expressions.Count;
                }

                if (hasIndex.Arguments.Count > 0 && hasIndex.Arguments[0].Expression is ArrayCreationExpressionSyntax { Initializer: { } initializer })
                {
                    return initializer.Expressions.Count;
                }

                return hasIndex.Arguments.Count;
            }

            private static void ReadEntityAnnotation(SnapshotEntity entity, Link link)
            {
                switch (StringArgument(link, 0))
                {
                    case "Relational:TableName":
                        entity.Table = StringArgument(link, 1) ?? entity.Table;
                        break;
                    case "Relational:Schema":
                        entity.Schema = StringArgument(link, 1) ?? entity.Schema;
                        break;
                    case "Relational:ViewName":
                        entity.View = StringArgument(link, 1) ?? entity.View;
                        break;
                }
            }

            /// <summary>
            /// ToTable("name"), ToTable("name", "schema"), ToTable("name", "schema", t => ...), ToTable("name", t => ...),
            /// ToTable((string)null): what every EF Core version from 3 to 10 writes.
            /// </summary>
            private void ReadToTable(SnapshotEntity entity, Link link)
            {
                if (link.Arguments.Count == 0)
                {
                    // ToTable(t => ...): the table is the one the entity had.
                    ReadTableBuilder(entity, link);
                    return;
                }

                var first = link.Arguments[0].Expression;
                if (IsNull(first))
                {
                    entity.NoTable = true;
                    return;
                }

                if (StringLiteral(first) is not { } table)
                {
                    entity.Unreadable ??= "its ToTable call is in a form the analyzers do not read";
                    return;
                }

                entity.Table = table;
                entity.NoTable = false;
                if (link.Arguments.Count > 1 && StringLiteral(link.Arguments[1].Expression) is { } schema)
                {
                    entity.Schema = schema;
                }

                ReadTableBuilder(entity, link);
            }

            private void ReadTableBuilder(SnapshotEntity entity, Link link)
            {
                foreach (var argument in link.Arguments)
                {
                    if (argument.Expression is LambdaExpressionSyntax lambda)
                    {
                        foreach (var node in lambda.DescendantNodes())
                        {
                            if (node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ExcludeFromMigrations" } })
                            {
                                entity.ExcludedFromMigrations = true;
                            }
                            else if (node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "HasCheckConstraint" } } check
                                && check.ArgumentList.Arguments.Count >= 2
                                && StringLiteral(check.ArgumentList.Arguments[0].Expression) is { } checkName
                                && StringLiteral(check.ArgumentList.Arguments[1].Expression) is { } checkSql)
                            {
                                entity.CheckConstraints.Add(new SnapshotCheck(checkName, checkSql, new FileSpan(file, check.Span)));
                            }
                        }
                    }
                }
            }

            private static void ReadToView(SnapshotEntity entity, Link link)
            {
                if (link.Arguments.Count == 0 || IsNull(link.Arguments[0].Expression))
                {
                    return;
                }

                if (StringLiteral(link.Arguments[0].Expression) is not { } view)
                {
                    entity.Unreadable ??= "its ToView call is in a form the analyzers do not read";
                    return;
                }

                entity.View = view;
                entity.ViewSchema = link.Arguments.Count > 1 ? StringLiteral(link.Arguments[1].Expression) : null;
            }

            /// <summary>SplitToTable("other", null, t => { t.Property("X"); }): those properties live in another table; they are not compared.</summary>
            private void MarkSplit(SnapshotEntity entity, Link link)
            {
                foreach (var argument in link.Arguments)
                {
                    if (argument.Expression is not LambdaExpressionSyntax lambda)
                    {
                        continue;
                    }

                    foreach (var node in lambda.DescendantNodes())
                    {
                        if (node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Property" } } call
                            && call.ArgumentList.Arguments.Count == 1 && StringLiteral(call.ArgumentList.Arguments[0].Expression) is { } name)
                        {
                            entity.Property(name, null, new FileSpan(file, call.Span)).InOtherTable = true;
                        }
                    }
                }
            }

            /// <summary>
            /// HasOne("Principal", "Nav").WithMany("Inverse").HasForeignKey("A", "B").HasPrincipalKey("K").OnDelete(DeleteBehavior.X),
            /// and the one-to-one form, where HasForeignKey and HasPrincipalKey first name the dependent and principal types.
            /// </summary>
            private void ReadRelationship(SnapshotEntity entity, List<Link> chain)
            {
                var hasOne = chain[0];
                if (StringArgument(hasOne, 0) is not { } principal)
                {
                    return;
                }

                string? navigation = hasOne.Arguments.Count > 1 ? StringArgument(hasOne, 1) : null;
                bool oneToOne = HasLink(chain, "WithOne") != null;
                string? dependent = null;
                var properties = ImmutableArray<string>.Empty;
                var principalKey = ImmutableArray<string>.Empty;
                string? deleteBehavior = null;
                foreach (var link in chain)
                {
                    switch (link.Name)
                    {
                        case "HasForeignKey":
                            var names = StringArguments(link);
                            if (oneToOne && names.Length >= 2)
                            {
                                dependent = names[0];
                                names = names.RemoveAt(0);
                            }

                            properties = names;
                            break;
                        case "HasPrincipalKey":
                            var keys = StringArguments(link);
                            principalKey = oneToOne && keys.Length >= 2 ? keys.RemoveAt(0) : keys;
                            break;
                        case "OnDelete" when link.Arguments.Count == 1 && link.Arguments[0].Expression is MemberAccessExpressionSyntax member:
                            deleteBehavior = member.Name.Identifier.ValueText;
                            break;
                    }
                }

                if (!properties.IsEmpty)
                {
                    entity.ForeignKeys.Add(new SnapshotForeignKey(principal, dependent, properties, principalKey, navigation, deleteBehavior, new FileSpan(file, hasOne.Call.Span)));
                }
            }

            /// <summary>WithOwner("Nav").HasForeignKey("OwnerId"): the ownership's FK, inside the owned type's builder.</summary>
            private static void ReadOwnership(SnapshotEntity owned, List<Link> chain)
            {
                if (HasLink(chain, "HasForeignKey") is { } foreignKey)
                {
                    owned.OwnerForeignKey = StringArguments(foreignKey);
                }
            }

            /// <summary>OwnsOne("Type", "Navigation", b1 => { ... }) and OwnsMany(...): the owned type, read inside its owner.</summary>
            private void ReadOwned(SnapshotEntity owner, Link link)
            {
                if (StringArgument(link, 0) is not { } type || link.Arguments.Count < 2 || StringArgument(link, 1) is not { } navigation)
                {
                    return;
                }

                var owned = new SnapshotEntity(type, new FileSpan(file, link.Call.Span))
                {
                    Navigation = navigation,
                    IsCollection = link.Name == "OwnsMany",
                };
                owner.Owned.Add(owned);
                if (link.Arguments[link.Arguments.Count - 1].Expression is LambdaExpressionSyntax lambda)
                {
                    ReadEntity(owned, lambda);
                }
            }

            /// <summary>ComplexProperty&lt;Dictionary&lt;string, object&gt;&gt;("Address", "App.Post.Address#Address", b1 => { ... }).</summary>
            private void ReadComplex(SnapshotEntity owner, Link link)
            {
                // EF Core 8 writes ComplexProperty<Dictionary<string, object>>("Nav", "Name", b1 => ...); later versions may pass typeof(...) first.
                var names = StringArguments(link);
                if (names.IsEmpty)
                {
                    return;
                }

                string navigation = names[0];
                var complex = new SnapshotEntity(names.Length > 1 ? names[1] : navigation, new FileSpan(file, link.Call.Span))
                {
                    Navigation = navigation,
                    IsComplex = true,
                };
                owner.Owned.Add(complex);
                if (link.Arguments[link.Arguments.Count - 1].Expression is LambdaExpressionSyntax lambda)
                {
                    ReadEntity(complex, lambda);
                }
            }

            private static string? Parameter(LambdaExpressionSyntax lambda) => lambda switch
            {
                SimpleLambdaExpressionSyntax simple => simple.Parameter.Identifier.ValueText,
                ParenthesizedLambdaExpressionSyntax { ParameterList.Parameters.Count: 1 } parenthesized => parenthesized.ParameterList.Parameters[0].Identifier.ValueText,
                _ => null,
            };

            /// <summary>
            /// The calls of a chain rooted at <paramref name="root"/>, first to last: <c>b.Property&lt;int&gt;("Id").HasColumnType("integer")</c>.
            /// A static extension call on such a chain (<c>NpgsqlPropertyBuilderExtensions.UseIdentityByDefaultColumn(b.Property&lt;int&gt;("Id"))</c>)
            /// continues it. Null when the expression is not such a chain.
            /// </summary>
            private static List<Link>? Chain(ExpressionSyntax expression, string root)
            {
                var links = new List<Link>();
                var current = expression;
                while (true)
                {
                    if (current is InvocationExpressionSyntax invocation && invocation.Expression is MemberAccessExpressionSyntax access)
                    {
                        if (access.Expression is IdentifierNameSyntax { Identifier.ValueText: var receiver } && receiver != root
                            && invocation.ArgumentList.Arguments.Count > 0 && Chain(invocation.ArgumentList.Arguments[0].Expression, root) is { } wrapped)
                        {
                            // Static Extensions.Method(chain, ...): the chain, then this call.
                            wrapped.Add(new Link(access.Name.Identifier.ValueText, invocation, (access.Name as GenericNameSyntax)?.TypeArgumentList, wrapping: true));
                            links.Reverse();
                            wrapped.AddRange(links);
                            return wrapped;
                        }

                        links.Add(new Link(access.Name.Identifier.ValueText, invocation, (access.Name as GenericNameSyntax)?.TypeArgumentList));
                        current = access.Expression;
                        continue;
                    }

                    if (current is IdentifierNameSyntax identifier && identifier.Identifier.ValueText == root)
                    {
                        links.Reverse();
                        return links;
                    }

                    if (current is ParenthesizedExpressionSyntax parenthesized)
                    {
                        current = parenthesized.Expression;
                        continue;
                    }

                    return null;
                }
            }

            private static Link? HasLink(List<Link> chain, string name)
            {
                foreach (var link in chain)
                {
                    if (link.Name == name)
                    {
                        return link;
                    }
                }

                return null;
            }

            private static string? StringArgument(Link link, int index)
                => index < link.Arguments.Count ? StringLiteral(link.Arguments[index].Expression) : null;

            /// <summary>The string literals of the call's arguments, also when passed as one <c>new[] { "A", "B" }</c>.</summary>
            private static ImmutableArray<string> StringArguments(Link link)
            {
                var names = ImmutableArray.CreateBuilder<string>();
                foreach (var argument in link.Arguments)
                {
                    if (StringLiteral(argument.Expression) is { } name)
                    {
                        names.Add(name);
                    }
                    else if (argument.Expression is ImplicitArrayCreationExpressionSyntax implicitArray)
                    {
                        AddStrings(implicitArray.Initializer, names);
                    }
                    else if (argument.Expression is ArrayCreationExpressionSyntax { Initializer: { } initializer })
                    {
                        AddStrings(initializer, names);
                    }
                }

                return names.ToImmutable();
            }

            private static void AddStrings(InitializerExpressionSyntax initializer, ImmutableArray<string>.Builder names)
            {
                foreach (var element in initializer.Expressions)
                {
                    if (StringLiteral(element) is { } name)
                    {
                        names.Add(name);
                    }
                }
            }

            private static int? IntArgument(Link link, int index)
                => index < link.Arguments.Count && link.Arguments[index].Expression is LiteralExpressionSyntax { Token.Value: int value } ? value : null;

            /// <summary>An integer literal (<c>5</c>, <c>1000L</c>, <c>-1</c>), or null.</summary>
            private static long? LongArgument(Link link, int index)
            {
                if (index >= link.Arguments.Count)
                {
                    return null;
                }

                var expression = link.Arguments[index].Expression;
                bool negative = false;
                if (expression is PrefixUnaryExpressionSyntax { OperatorToken.ValueText: "-" } minus)
                {
                    negative = true;
                    expression = minus.Operand;
                }

                long? value = expression is LiteralExpressionSyntax literal ? literal.Token.Value switch
                {
                    int i => i,
                    long l => l,
                    uint u => u,
                    _ => null,
                } : null;
                return negative ? -value : value;
            }

            private static bool BoolArgument(Link link, int index, bool absent)
            {
                if (index >= link.Arguments.Count)
                {
                    return absent;
                }

                return link.Arguments[index].Expression.Kind() switch
                {
                    SyntaxKind.TrueLiteralExpression => true,
                    SyntaxKind.FalseLiteralExpression => false,
                    _ => absent,
                };
            }

            private static string? StringLiteral(ExpressionSyntax expression)
                => expression is LiteralExpressionSyntax literal && literal.IsKind(SyntaxKind.StringLiteralExpression) ? literal.Token.ValueText : null;

            /// <summary><c>null</c>, <c>(string)null</c>, <c>(string?)null</c>.</summary>
            private static bool IsNull(ExpressionSyntax expression)
                => expression.IsKind(SyntaxKind.NullLiteralExpression) || (expression is CastExpressionSyntax cast && IsNull(cast.Expression));
        }
    }
}
