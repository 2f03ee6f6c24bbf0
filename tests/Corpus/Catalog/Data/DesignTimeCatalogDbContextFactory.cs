using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Catalog.Data;

/// <summary>Used by <c>dotnet ef</c>: the catalog is a class library, there is no host to ask.</summary>
public class DesignTimeCatalogDbContextFactory : IDesignTimeDbContextFactory<CatalogDbContext>
{
    public CatalogDbContext CreateDbContext(string[] args)
    {
        var connectionString = Environment.GetEnvironmentVariable("CATALOG_CONNECTION")
            ?? "Host=localhost;Database=catalog;Username=postgres;Password=postgres";
        var options = new DbContextOptionsBuilder<CatalogDbContext>()
            .UseNpgsql(connectionString)
            .Options;
        return new CatalogDbContext(options);
    }
}
