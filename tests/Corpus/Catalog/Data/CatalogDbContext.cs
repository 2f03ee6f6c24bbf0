using Catalog.Entities;
using Microsoft.EntityFrameworkCore;

namespace Catalog.Data;

public class CatalogDbContext(DbContextOptions<CatalogDbContext> options) : DbContext(options)
{
    public DbSet<Product> Products => Set<Product>();
    public DbSet<Category> Categories => Set<Category>();
    public DbSet<Tag> Tags => Set<Tag>();
    public DbSet<Translation> Translations => Set<Translation>();
    public DbSet<Supplier> Suppliers => Set<Supplier>();
    public DbSet<Discount> Discounts => Set<Discount>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Product>(entity =>
        {
            entity.Property(p => p.Sku)
                .HasConversion(sku => sku.Value, value => new Sku(value))
                .HasMaxLength(32);
            entity.HasIndex(p => p.Sku).IsUnique();
            entity.Property(p => p.Price).HasPrecision(10, 2);
            entity.Property(p => p.Availability).HasConversion<string>().HasMaxLength(16);
            entity.OwnsOne(p => p.Dimensions);

            entity.HasMany(p => p.Tags)
                .WithMany(t => t.Products)
                .UsingEntity<ProductTag>(
                    r => r.HasOne(pt => pt.Tag).WithMany().HasForeignKey(pt => pt.TagId),
                    l => l.HasOne(pt => pt.Product).WithMany().HasForeignKey(pt => pt.ProductId),
                    j =>
                    {
                        j.HasKey(pt => new { pt.ProductId, pt.TagId });
                        j.ToTable("ProductTags");
                    });
        });

        modelBuilder.Entity<Translation>(entity =>
        {
            entity.HasKey(t => new { t.Culture, t.Key });
            entity.Property(t => t.Culture).HasMaxLength(10);
        });

        modelBuilder.Entity<Discount>()
            .HasDiscriminator<string>("DiscountType")
            .HasValue<PercentageDiscount>("percentage")
            .HasValue<FixedAmountDiscount>("fixed");
    }
}
