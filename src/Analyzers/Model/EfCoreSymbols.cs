using Microsoft.CodeAnalysis;

namespace DriftAnalyzers.Model
{
    /// <summary>
    /// EF Core's well-known types, resolved once per compilation by their public names (so EF Core 8, 9 and 10 alike).
    /// Null when the compilation does not reference EF Core: then the analyzers register nothing.
    /// </summary>
    internal sealed class EfCoreSymbols
    {
        private EfCoreSymbols(Compilation compilation, INamedTypeSymbol dbContext, INamedTypeSymbol dbSet)
        {
            DbContext = dbContext;
            DbSet = dbSet;
            EntityTypeConfiguration = compilation.GetTypeByMetadataName("Microsoft.EntityFrameworkCore.IEntityTypeConfiguration`1");
            TableAttribute = compilation.GetTypeByMetadataName("System.ComponentModel.DataAnnotations.Schema.TableAttribute");
            ColumnAttribute = compilation.GetTypeByMetadataName("System.ComponentModel.DataAnnotations.Schema.ColumnAttribute");
            NotMappedAttribute = compilation.GetTypeByMetadataName("System.ComponentModel.DataAnnotations.Schema.NotMappedAttribute");
            OwnedAttribute = compilation.GetTypeByMetadataName("Microsoft.EntityFrameworkCore.OwnedAttribute");
            ComplexTypeAttribute = compilation.GetTypeByMetadataName("System.ComponentModel.DataAnnotations.Schema.ComplexTypeAttribute");
            KeylessAttribute = compilation.GetTypeByMetadataName("Microsoft.EntityFrameworkCore.KeylessAttribute");
            PrimaryKeyAttribute = compilation.GetTypeByMetadataName("Microsoft.EntityFrameworkCore.PrimaryKeyAttribute");
            IndexAttribute = compilation.GetTypeByMetadataName("Microsoft.EntityFrameworkCore.IndexAttribute");
            KeyAttribute = compilation.GetTypeByMetadataName("System.ComponentModel.DataAnnotations.KeyAttribute");
            ForeignKeyAttribute = compilation.GetTypeByMetadataName("System.ComponentModel.DataAnnotations.Schema.ForeignKeyAttribute");
            RequiredAttribute = compilation.GetTypeByMetadataName("System.ComponentModel.DataAnnotations.RequiredAttribute");
            MaxLengthAttribute = compilation.GetTypeByMetadataName("System.ComponentModel.DataAnnotations.MaxLengthAttribute");
            StringLengthAttribute = compilation.GetTypeByMetadataName("System.ComponentModel.DataAnnotations.StringLengthAttribute");
            PrecisionAttribute = compilation.GetTypeByMetadataName("Microsoft.EntityFrameworkCore.PrecisionAttribute");
        }

        public INamedTypeSymbol DbContext { get; }

        public INamedTypeSymbol DbSet { get; }

        public INamedTypeSymbol? EntityTypeConfiguration { get; }

        public INamedTypeSymbol? TableAttribute { get; }

        public INamedTypeSymbol? ColumnAttribute { get; }

        public INamedTypeSymbol? NotMappedAttribute { get; }

        public INamedTypeSymbol? OwnedAttribute { get; }

        public INamedTypeSymbol? ComplexTypeAttribute { get; }

        public INamedTypeSymbol? KeylessAttribute { get; }

        public INamedTypeSymbol? PrimaryKeyAttribute { get; }

        public INamedTypeSymbol? IndexAttribute { get; }

        public INamedTypeSymbol? KeyAttribute { get; }

        public INamedTypeSymbol? ForeignKeyAttribute { get; }

        public INamedTypeSymbol? RequiredAttribute { get; }

        public INamedTypeSymbol? MaxLengthAttribute { get; }

        public INamedTypeSymbol? StringLengthAttribute { get; }

        public INamedTypeSymbol? PrecisionAttribute { get; }

        public static EfCoreSymbols? Create(Compilation compilation)
        {
            var dbContext = compilation.GetTypeByMetadataName("Microsoft.EntityFrameworkCore.DbContext");
            var dbSet = compilation.GetTypeByMetadataName("Microsoft.EntityFrameworkCore.DbSet`1");
            return dbContext == null || dbSet == null ? null : new EfCoreSymbols(compilation, dbContext, dbSet);
        }

        public bool IsDbContext(INamedTypeSymbol type)
        {
            for (var t = type.BaseType; t != null; t = t.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(t, DbContext))
                {
                    return true;
                }
            }

            return false;
        }

        public static AttributeData? Find(ISymbol symbol, INamedTypeSymbol? attribute)
        {
            if (attribute == null)
            {
                return null;
            }

            foreach (var data in symbol.GetAttributes())
            {
                if (SymbolEqualityComparer.Default.Equals(data.AttributeClass, attribute))
                {
                    return data;
                }
            }

            return null;
        }
    }
}
