export { encodeModelList } from '../openai/model-list.ts'
