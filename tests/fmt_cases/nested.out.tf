resource "azure_kubernetes_cluster" "aks" {
  name = "aks"
  default_node_pool {
    name    = "system"
    vm_size = "Standard_D2"
    upgrade_settings {
      max_surge = "10%"
    }
  }
  dynamic "tag" {
    for_each = var.tags
    content {
      key   = tag.key
      value = tag.value
    }
  }
  lifecycle { ignore_changes = [tags] }
  timeouts {}
  empty {
  }
}
