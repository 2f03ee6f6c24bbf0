using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Storefront.Data;

/// <summary>PostgreSQL flavour of the store: lower-case names so hand-written SQL needs no quotes, and local timestamps.</summary>
public sealed class NpgsqlStoreDbContext : StoreDbContext
{
    public NpgsqlStoreDbContext(DbContextOptions<NpgsqlStoreDbContext> options)
        : base(options)
    {
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);

        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            entity.SetTableName(entity.GetTableName()!.ToLowerInvariant());

            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(property.GetColumnName().ToLowerInvariant());

                if (property.ClrType == typeof(DateTime) || property.ClrType == typeof(DateTime?))
                {
                    property.SetColumnType("timestamp without time zone");
                }
            }
        }
    }
}

public sealed class NpgsqlStoreDbContextFactory : IDesignTimeDbContextFactory<NpgsqlStoreDbContext>
{
    public NpgsqlStoreDbContext CreateDbContext(string[] args)
        => new(new DbContextOptionsBuilder<NpgsqlStoreDbContext>()
            .UseNpgsql(args.Length > 0 ? args[0] : "Host=localhost;Database=storefront")
            .Options);
}
