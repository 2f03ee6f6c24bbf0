using Microsoft.EntityFrameworkCore;

namespace Catalog.Reading;

/// <summary>
/// Query side: a read-only view of the catalog's tables for the storefront. Owns no table (the tables belong to
/// CatalogDbContext and its migrations), so every mapping is excluded from migrations.
/// </summary>
public class CatalogReadContext : DbContext
{
    public CatalogReadContext(DbContextOptions<CatalogReadContext> options)
        : base(options)
    {
        ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.NoTracking;
    }

    public DbSet<ProductListing> Listings => Set<ProductListing>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ProductListing>(b =>
        {
            b.ToTable("Products", t => t.ExcludeFromMigrations());
            b.HasKey(p => p.Id);
        });
    }
}

public class ProductListing
{
    public int Id { get; private set; }
    public string Name { get; private set; } = string.Empty;
    public decimal Price { get; private set; }
    public int CategoryId { get; private set; }
}
