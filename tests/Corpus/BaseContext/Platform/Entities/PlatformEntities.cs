namespace Platform.Data.Entities;

public class Tenant
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public string Slug { get; set; } = "";
    public bool IsActive { get; set; } = true;
}

public abstract class PlatformUser
{
    public Guid Id { get; set; }
    public int TenantId { get; set; }
    public Tenant Tenant { get; set; } = null!;
    public string Email { get; set; } = "";
    public DateTimeOffset? LastLoginAt { get; set; }
}

public class TenantSetting
{
    public int TenantId { get; set; }
    public string Name { get; set; } = "";
    public string Value { get; set; } = "{}";
}
