using CleanArch.Domain.Customers;
using CleanArch.Domain.Orders;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CleanArch.Persistence.Configurations;

internal sealed class CustomerConfiguration : IEntityTypeConfiguration<Customer>
{
    public void Configure(EntityTypeBuilder<Customer> builder)
    {
        builder.HasKey(c => c.Id);
        builder.Ignore(c => c.DomainEvents);

        builder.Property(c => c.Name).HasMaxLength(200);
        builder.Property(c => c.Email)
            .HasConversion(email => email.Value, value => new Email(value))
            .HasMaxLength(320);
        builder.HasIndex(c => c.Email).IsUnique();
        builder.Property(c => c.PhoneNumber).HasMaxLength(32);

        builder.HasMany<Order>().WithOne().HasForeignKey(o => o.CustomerId);
    }
}
