// The public API of @satark/ml: what the API server and the tools import.

export {
  type CallFields,
  type CallRecord,
  FRAUD_CATEGORIES,
  type FraudCategory,
  isFraudCategory,
  REGIONS,
  type Region,
} from './call-record';
export { type LabelledDataset, readLabelFirstCsv } from './evaluate/label-first-csv';
export {
  averagePrecision,
  type ConfusionMatrix,
  confusionMatrix,
  evaluate,
  type Metrics,
  type RocPoint,
  rocAuc,
  rocCurve,
} from './evaluate/metrics';
export {
  type PaperProtocolOptions,
  type PaperProtocolResult,
  runPaperProtocol,
} from './evaluate/paper-protocol';
export { rocCurveSvg } from './evaluate/roc-svg';
export {
  type CallerFeatureRow,
  computeBatchFeatures,
  type FeatureWindowOptions,
} from './features/batch';
export {
  ACCOUNT_AGE_HORIZON_MS,
  DEFAULT_MAX_CALLS_PER_CALLER,
  DEFAULT_WINDOW_MS,
  FEATURE_INDEX,
  FEATURE_LABELS,
  FEATURE_NAMES,
  type FeatureName,
  featureRecord,
  isInternational,
  isNight,
  istHour,
  SHORT_CALL_SECONDS,
} from './features/definitions';
export { FeatureCheckpoint, OnlineFeatureStore, type OnlineFeatureStoreOptions } from './features/online';
export {
  DEFAULT_FOREST_PARAMS,
  IsolationForest,
  type IsolationForestParams,
  type SerializedForest,
} from './forest/forest';
export type { MatrixInput } from './forest/matrix';
export { TreeShapExplainer } from './forest/shap';
export { readCallDataCsv, writeCallDataCsv } from './io/call-data-csv';
export { readCallerFeaturesCsv, writeCallerFeaturesCsv } from './io/caller-features-csv';
export { InputFileError } from './io/csv-errors';
export {
  ARTIFACT_FORMAT_VERSION,
  ArtifactError,
  artifactVersion,
  type FeatureImportance,
  type ModelArtifact,
  parseModelArtifact,
} from './model/artifact';
export { type RiskCalibration, riskFromScore, THRESHOLD_RISK } from './model/calibration';
export { type CallerFeatures, categoryFor, categoryOfRow } from './model/category';
export { FraudModel } from './model/fraud-model';
export type { Contribution, Reason } from './model/reasons';
export { type TrainOptions, type TrainResult, trainModel } from './model/train';
export { DANGEROUS_FROM, SUSPICIOUS_FROM, type Verdict, verdictFor } from './model/verdict';
export { ODDS_DIR, PAPER_ROC_AUC } from './paths';
export {
  type GeneratedDataset,
  type GenerateOptions,
  generateDataset,
} from './simulate/generate';
export type { Campaign, Subscriber } from './simulate/population';
export { FRAUD_PROFILES, type FraudProfile } from './simulate/profiles';
export { streamTraffic, type TrafficOptions, type TrafficStream } from './simulate/stream';
