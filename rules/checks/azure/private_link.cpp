#include "rules/checks/azure/private_link.h"

#include "core/ascii.h"
#include "rules/checks/azure/azure_model.h"

namespace palisade::azure {

const std::vector<PrivateLinkGroup>& privateLinkGroups() {
  static const std::vector<PrivateLinkGroup> groups = {
      {"Microsoft.KeyVault/vaults", "vault", {"privatelink.vaultcore."}, "privatelink.vaultcore.azure.net"},
      {"Microsoft.Storage/storageAccounts", "blob", {"privatelink.blob.core."}, "privatelink.blob.core.windows.net"},
      {"Microsoft.Storage/storageAccounts", "blob_secondary", {"privatelink.blob.core."}, "privatelink.blob.core.windows.net"},
      {"Microsoft.Storage/storageAccounts", "table", {"privatelink.table.core."}, "privatelink.table.core.windows.net"},
      {"Microsoft.Storage/storageAccounts", "table_secondary", {"privatelink.table.core."}, "privatelink.table.core.windows.net"},
      {"Microsoft.Storage/storageAccounts", "queue", {"privatelink.queue.core."}, "privatelink.queue.core.windows.net"},
      {"Microsoft.Storage/storageAccounts", "queue_secondary", {"privatelink.queue.core."}, "privatelink.queue.core.windows.net"},
      {"Microsoft.Storage/storageAccounts", "file", {"privatelink.file.core."}, "privatelink.file.core.windows.net"},
      {"Microsoft.Storage/storageAccounts", "file_secondary", {"privatelink.file.core."}, "privatelink.file.core.windows.net"},
      {"Microsoft.Storage/storageAccounts", "web", {"privatelink.web.core."}, "privatelink.web.core.windows.net"},
      {"Microsoft.Storage/storageAccounts", "web_secondary", {"privatelink.web.core."}, "privatelink.web.core.windows.net"},
      {"Microsoft.Storage/storageAccounts", "dfs", {"privatelink.dfs.core."}, "privatelink.dfs.core.windows.net"},
      {"Microsoft.Storage/storageAccounts", "dfs_secondary", {"privatelink.dfs.core."}, "privatelink.dfs.core.windows.net"},
      {"Microsoft.ContainerRegistry/registries", "registry", {"privatelink.azurecr."}, "privatelink.azurecr.io"},
      {"Microsoft.Sql/servers", "sqlServer", {"privatelink.database."}, "privatelink.database.windows.net"},
      {"Microsoft.DocumentDB/databaseAccounts", "Sql", {"privatelink.documents."}, "privatelink.documents.azure.com"},
      {"Microsoft.DocumentDB/databaseAccounts", "MongoDB", {"privatelink.mongo.cosmos."}, "privatelink.mongo.cosmos.azure.com"},
      {"Microsoft.DocumentDB/databaseAccounts", "Cassandra", {"privatelink.cassandra.cosmos."}, "privatelink.cassandra.cosmos.azure.com"},
      {"Microsoft.DocumentDB/databaseAccounts", "Gremlin", {"privatelink.gremlin.cosmos."}, "privatelink.gremlin.cosmos.azure.com"},
      {"Microsoft.DocumentDB/databaseAccounts", "Table", {"privatelink.table.cosmos."}, "privatelink.table.cosmos.azure.com"},
      {"Microsoft.DocumentDB/databaseAccounts", "Analytical", {"privatelink.analytics.cosmos."}, "privatelink.analytics.cosmos.azure.com"},
      {"Microsoft.ServiceBus/namespaces", "namespace", {"privatelink.servicebus."}, "privatelink.servicebus.windows.net"},
      {"Microsoft.EventHub/namespaces", "namespace", {"privatelink.servicebus."}, "privatelink.servicebus.windows.net"},
      {"Microsoft.CognitiveServices/accounts", "account",
       {"privatelink.cognitiveservices.", "privatelink.openai.", "privatelink.services.ai."}, "privatelink.cognitiveservices.azure.com"},
      {"Microsoft.AppConfiguration/configurationStores", "configurationStores", {"privatelink.azconfig."}, "privatelink.azconfig.io"},
      {"Microsoft.Search/searchServices", "searchService", {"privatelink.search."}, "privatelink.search.windows.net"},
      {"Microsoft.MachineLearningServices/workspaces", "amlworkspace",
       {"privatelink.api.azureml.", "privatelink.notebooks."}, "privatelink.api.azureml.ms"},
      {"Microsoft.Cache/redis", "redisCache", {"privatelink.redis.cache."}, "privatelink.redis.cache.windows.net"},
      {"Microsoft.DBforPostgreSQL/flexibleServers", "postgresqlServer", {"privatelink.postgres.database."}, "privatelink.postgres.database.azure.com"},
      {"Microsoft.DBforMySQL/flexibleServers", "mysqlServer", {"privatelink.mysql.database."}, "privatelink.mysql.database.azure.com"},
      {"Microsoft.Web/sites", "sites", {"privatelink.azurewebsites.", "privatelink.appserviceenvironment."}, "privatelink.azurewebsites.net"},
      // The data and AI services of the platform beyond the core ones.
      {"Microsoft.DBforPostgreSQL/servers", "postgresqlServer", {"privatelink.postgres.database."}, "privatelink.postgres.database.azure.com"},
      {"Microsoft.DBforMySQL/servers", "mysqlServer", {"privatelink.mysql.database."}, "privatelink.mysql.database.azure.com"},
      {"Microsoft.DocumentDB/mongoClusters", "MongoCluster", {"privatelink.mongocluster.cosmos."}, "privatelink.mongocluster.cosmos.azure.com"},
      {"Microsoft.EventGrid/topics", "topic", {"privatelink.eventgrid."}, "privatelink.eventgrid.azure.net"},
      {"Microsoft.EventGrid/domains", "domain", {"privatelink.eventgrid."}, "privatelink.eventgrid.azure.net"},
      {"Microsoft.ApiManagement/service", "Gateway", {"privatelink.azure-api."}, "privatelink.azure-api.net"},
      {"Microsoft.DataFactory/factories", "dataFactory", {"privatelink.datafactory."}, "privatelink.datafactory.azure.net"},
      {"Microsoft.DataFactory/factories", "portal", {"privatelink.adf."}, "privatelink.adf.azure.com"},
      {"Microsoft.Synapse/workspaces", "Sql", {"privatelink.sql.azuresynapse."}, "privatelink.sql.azuresynapse.net"},
      {"Microsoft.Synapse/workspaces", "SqlOnDemand", {"privatelink.sql.azuresynapse."}, "privatelink.sql.azuresynapse.net"},
      {"Microsoft.Synapse/workspaces", "Dev", {"privatelink.dev.azuresynapse."}, "privatelink.dev.azuresynapse.net"},
      {"Microsoft.Synapse/privateLinkHubs", "Web", {"privatelink.azuresynapse."}, "privatelink.azuresynapse.net"},
      {"Microsoft.Databricks/workspaces", "databricks_ui_api", {"privatelink.azuredatabricks."}, "privatelink.azuredatabricks.net"},
      {"Microsoft.Databricks/workspaces", "browser_authentication", {"privatelink.azuredatabricks."}, "privatelink.azuredatabricks.net"},
      {"Microsoft.SignalRService/SignalR", "signalr", {"privatelink.service.signalr."}, "privatelink.service.signalr.net"},
      {"Microsoft.SignalRService/webPubSub", "webpubsub", {"privatelink.webpubsub."}, "privatelink.webpubsub.azure.com"},
      {"Microsoft.StorageSync/storageSyncServices", "afs", {"privatelink.afs."}, "privatelink.afs.azure.net"},
      {"Microsoft.Cache/redisEnterprise", "redisEnterprise", {"privatelink.redisenterprise.cache."}, "privatelink.redisenterprise.cache.azure.net"},
      {"Microsoft.KeyVault/managedHSMs", "managedhsm", {"privatelink.managedhsm."}, "privatelink.managedhsm.azure.net"},
      {"Microsoft.MachineLearningServices/registries", "amlregistry", {"privatelink.api.azureml."}, "privatelink.api.azureml.ms"},
      {"Microsoft.Insights/privateLinkScopes", "azuremonitor",
       {"privatelink.monitor.", "privatelink.oms.opinsights.", "privatelink.ods.opinsights.", "privatelink.agentsvc.azure-automation."},
       "privatelink.monitor.azure.com"},
      {"Microsoft.HybridCompute/privateLinkScopes", "hybridcompute",
       {"privatelink.his.arc.", "privatelink.guestconfiguration.", "privatelink.dp.kubernetesconfiguration."},
       "privatelink.his.arc.azure.com"},
  };
  return groups;
}

std::vector<const PrivateLinkGroup*> groupsFor(std::string_view group_id, std::string_view resource_type) {
  std::vector<const PrivateLinkGroup*> out;
  for (const PrivateLinkGroup& g : privateLinkGroups()) {
    if (!resource_type.empty() && !equalsIgnoreCase(g.resource_type, resource_type)) continue;
    // Web app slots use `sites-<slot>`.
    bool slot = equalsIgnoreCase(g.group_id, "sites") && startsWithIgnoreCase(group_id, "sites-");
    if (equalsIgnoreCase(g.group_id, group_id) || slot) out.push_back(&g);
  }
  // Without the type, `table` and `Table` differ only in case: tell storage from Cosmos DB by it.
  if (resource_type.empty() && out.size() > 1) {
    std::vector<const PrivateLinkGroup*> exact;
    for (const PrivateLinkGroup* g : out) {
      if (g->group_id == group_id) exact.push_back(g);
    }
    if (!exact.empty()) return exact;
  }
  return out;
}

std::vector<std::string_view> zonesRequiredTogether(const PrivateLinkGroup& group) {
  // A Machine Learning workspace answers on two names: its API
  // (`*.api.azureml.ms`) and its notebooks (`*.notebooks.azure.net`); clients
  // need both zones, or notebooks resolve to the public address.
  if (equalsIgnoreCase(group.resource_type, "Microsoft.MachineLearningServices/workspaces")) {
    return {"privatelink.api.azureml.", "privatelink.notebooks."};
  }
  // An Arc private link scope serves the agents (`his.arc`), guest
  // configuration and the Kubernetes configuration data plane.
  if (equalsIgnoreCase(group.resource_type, "Microsoft.HybridCompute/privateLinkScopes")) {
    return {"privatelink.his.arc.", "privatelink.guestconfiguration.", "privatelink.dp.kubernetesconfiguration."};
  }
  return {};
}

bool supportsPrivateLink(std::string_view resource_type) {
  for (const PrivateLinkGroup& g : privateLinkGroups()) {
    if (equalsIgnoreCase(g.resource_type, resource_type)) return true;
  }
  return false;
}

PrivateEndpointConnections connectionsOf(const Resource& private_endpoint) {
  PrivateEndpointConnections out;
  const Value* properties = private_endpoint.body.find("properties");
  if (!properties) return out;
  if (properties->isUnknown()) {
    out.unknown = true;
    return out;
  }
  for (std::string_view list_key : {"privateLinkServiceConnections", "manualPrivateLinkServiceConnections"}) {
    const Value* list = properties->find(list_key);
    if (!list || list->isNull()) continue;
    if (!list->isArray()) {
      out.unknown = true;
      continue;
    }
    for (const Value& connection : list->items()) {
      const Value* connection_properties = connection.find("properties");
      if (!connection_properties || !connection_properties->isObject()) {
        out.unknown = out.unknown || !connection.isObject() || (connection_properties && connection_properties->isUnknown());
        continue;
      }
      out.connections.push_back(
          {connection_properties->find("privateLinkServiceId"), connection_properties->find("groupIds"), &connection});
    }
  }
  return out;
}

}  // namespace palisade::azure
