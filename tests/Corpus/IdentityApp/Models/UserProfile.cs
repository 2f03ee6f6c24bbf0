using System.ComponentModel.DataAnnotations;
using System.ComponentModel.DataAnnotations.Schema;

namespace IdentityApp.Models;

public class UserProfile
{
    // Shares the user's key: one profile per user, the FK is this table's primary key.
    [Key, ForeignKey(nameof(User))]
    public string Id { get; set; } = default!;

    public ApplicationUser User { get; set; } = default!;

    [MaxLength(500)]
    public string? Bio { get; set; }

    public string? AvatarUrl { get; set; }

    public string TimeZone { get; set; } = "UTC";
}
