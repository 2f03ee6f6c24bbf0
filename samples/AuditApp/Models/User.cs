using System.ComponentModel.DataAnnotations.Schema;

namespace AuditApp.Models;

public enum UserRole
{
    Member,
    Expert,
    Admin,
}

// The table is "user" (a reserved word, quoted in SQL); its ids are INTEGER.
[Table("user")]
public class User
{
    public int Id { get; set; }

    public string Email { get; set; } = null!;

    public string? DisplayName { get; set; }

    public UserRole Role { get; set; }

    public DateTime CreatedAt { get; set; }
}
